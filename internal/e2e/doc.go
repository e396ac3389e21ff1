// Package e2e holds end-to-end tests that drive the real HTTP server, the
// job queue and the sandbox providers together, as a client and an operator
// would.
package e2e
