package app

import (
	"linli/handlers"
	"linli/store/sqldb"
)

// storesOf hands the one database to the handlers as each narrow store
// interface they take: the features see only the part of it they use.
func storesOf(db *sqldb.Store) handlers.Stores {
	return handlers.Stores{
		Chats: db, People: db, Roles: db, Codes: db, Households: db, PersonalData: db,
		Meals: db, Events: db, Signups: db, Notices: db, Suggestions: db,
		Votes: db, Receipts: db, Funds: db, Volunteering: db, Welcomes: db, Hints: db,
	}
}
