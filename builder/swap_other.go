//go:build !linux

package builder

import "errors"

// exchange is Linux's renameat2 exchange; elsewhere swapDir renames
// twice.
func exchange(a, b string) error { return errors.ErrUnsupported }
