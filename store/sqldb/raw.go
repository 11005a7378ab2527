package sqldb

import (
	"database/sql"

	"gorm.io/gorm"
)

// execRaw runs a statement written out in SQL, with ? placeholders. On
// SQLite it goes straight to the compiled pool or transaction underneath
// db: gorm's callbacks, statement building and reflection cost more than
// SQLite's work for the small statements every command runs. On
// PostgreSQL gorm runs it (and rewrites the placeholders).
func execRaw(db *gorm.DB, query string, args ...any) error {
	ctx := db.Statement.Context
	switch c := db.Statement.ConnPool.(type) {
	case *compiledPool:
		_, err := c.ExecContext(ctx, query, args...)
		return err
	case *compiledTx:
		_, err := c.ExecContext(ctx, query, args...)
		return err
	}
	return db.Exec(query, args...).Error
}

// rowRaw is execRaw for a query of one row.
func rowRaw(db *gorm.DB, query string, args ...any) *sql.Row {
	ctx := db.Statement.Context
	switch c := db.Statement.ConnPool.(type) {
	case *compiledPool:
		return c.QueryRowContext(ctx, query, args...)
	case *compiledTx:
		return c.QueryRowContext(ctx, query, args...)
	}
	return db.Raw(query, args...).Row()
}

// rowsRaw is execRaw for a query of many rows.
func rowsRaw(db *gorm.DB, query string, args ...any) (*sql.Rows, error) {
	ctx := db.Statement.Context
	switch c := db.Statement.ConnPool.(type) {
	case *compiledPool:
		return c.QueryContext(ctx, query, args...)
	case *compiledTx:
		return c.QueryContext(ctx, query, args...)
	}
	return db.Raw(query, args...).Rows()
}
