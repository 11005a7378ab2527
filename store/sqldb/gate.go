package sqldb

// exclusive runs one write (a statement or a transaction) while no other
// write of this process runs, on SQLite. SQLite has one writer at a time;
// left to itself, a writer that finds the database locked sleeps in the
// busy handler's steps (1, 2, 5, 10 … 100 ms) and retries, so under a few
// concurrent writers the slowest command waited tens of milliseconds for
// a lock held a fraction of one. Queued on a mutex, each writer starts the
// moment the previous one commits. Other processes are still met by the
// busy timeout. PostgreSQL locks rows, not the database: no gate there.
//
// fn must not call exclusive again (the mutex is not reentrant): store
// methods do their work inside one transaction and call none of each other
// from within it.
func (s *Store) exclusive(fn func() error) error {
	if s.driver != "sqlite" {
		return fn()
	}
	s.gate.Lock()
	defer s.gate.Unlock()
	return fn()
}
