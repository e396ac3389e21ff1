package web

import "time"

// SetOperationFollow shortens how long requests follow a registrar
// operation, for tests; it returns a function that restores the values.
func SetOperationFollow(tries int, delay time.Duration) func() {
	oldTries, oldDelay := opFollowTries, opFollowDelay
	opFollowTries, opFollowDelay = tries, delay
	return func() { opFollowTries, opFollowDelay = oldTries, oldDelay }
}

// TokenHash is the stored form of a password reset token.
var TokenHash = tokenHash
