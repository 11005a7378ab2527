package sqldb

import (
	"database/sql"

	"gorm.io/gorm"
)

// compiledConn is the compiled pool or one of its transactions: SQLite,
// where ? placeholders go to the driver as they are.
type compiledConn interface {
	runner
	compiled()
}

// raw is where a statement written out in SQL runs: on SQLite straight on
// the compiled pool or transaction underneath db, skipping gorm's
// callbacks, statement building and reflection, which cost more than
// SQLite's work for the small statements every command runs; nil on
// PostgreSQL, where gorm runs it (and rewrites the placeholders).
func raw(db *gorm.DB) compiledConn {
	c, _ := db.Statement.ConnPool.(compiledConn)
	return c
}

// execRaw runs a statement written out in SQL, with ? placeholders.
func execRaw(db *gorm.DB, query string, args ...any) error {
	if c := raw(db); c != nil {
		_, err := c.ExecContext(db.Statement.Context, query, args...)
		return err
	}
	return db.Exec(query, args...).Error
}

// rowsRaw is execRaw for a query of many rows.
func rowsRaw(db *gorm.DB, query string, args ...any) (*sql.Rows, error) {
	if c := raw(db); c != nil {
		return c.QueryContext(db.Statement.Context, query, args...)
	}
	return db.Raw(query, args...).Rows()
}
