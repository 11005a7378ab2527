package sqldb

import "linli/store"

// Store implements every interface of the store package; these fail the
// build the moment a method drifts from its declaration.
var (
	_ store.Chats        = (*Store)(nil)
	_ store.Handling     = (*Store)(nil)
	_ store.People       = (*Store)(nil)
	_ store.Roles        = (*Store)(nil)
	_ store.Codes        = (*Store)(nil)
	_ store.Households   = (*Store)(nil)
	_ store.PersonalData = (*Store)(nil)
	_ store.Meals        = (*Store)(nil)
	_ store.Events       = (*Store)(nil)
	_ store.Signups      = (*Store)(nil)
	_ store.Notices      = (*Store)(nil)
	_ store.Desk         = (*Store)(nil)
	_ store.Suggestions  = (*Store)(nil)
	_ store.Outbox       = (*Store)(nil)
	_ store.Jobs         = (*Store)(nil)
	_ store.Database     = (*Store)(nil)
	_ store.Status       = (*Store)(nil)
	_ store.Charts       = (*Store)(nil)
	_ store.Hints        = (*Store)(nil)
	_ store.Names        = (*Store)(nil)
)
