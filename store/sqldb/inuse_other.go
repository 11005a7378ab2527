//go:build !unix

package sqldb

import "os"

// holdInUse has no flock to take here. On Windows, where Linli may run in a
// community office, replacing a file another process has open fails by
// itself (SQLite opens the database without FILE_SHARE_DELETE), which is
// what keeps Restore off a database in use there.
func holdInUse(string) (*os.File, error) { return nil, nil }

// holdAlone: see holdInUse.
func holdAlone(string) (*os.File, error) { return nil, nil }

// shareWithOwner: see the unix one; files have no owner to match here.
func shareWithOwner(string) {}
