package sqldb

import "linli/store"

// Store implements the store package's interface.
var _ store.Store = (*Store)(nil)
