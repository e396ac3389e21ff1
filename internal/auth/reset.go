package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/proecommerce/domains/internal/clock"
)

// ErrBadResetToken is returned for a password-reset token that is
// malformed, forged, expired or already used.
var ErrBadResetToken = errors.New("auth: the password reset link is not valid (used or expired)")

// ResetTokens makes and checks the links that let a user set a password
// (imported clients have none; others forgot theirs). A token names the
// user and its expiry and is signed with a key derived from the
// installation's secret over the user's current password hash, so it
// stops working as soon as the password changes: each link sets a
// password once. Nothing is stored.
type ResetTokens struct {
	key   []byte
	ttl   time.Duration
	clock clock.Clock
}

// NewResetTokens derives the signing key from secret; links last ttl.
func NewResetTokens(secret []byte, ttl time.Duration, clk clock.Clock) (*ResetTokens, error) {
	if len(secret) == 0 {
		return nil, errors.New("auth: reset tokens need the secret key")
	}
	if clk == nil {
		clk = clock.System{}
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("proecommerce password reset v1"))
	return &ResetTokens{key: mac.Sum(nil), ttl: ttl, clock: clk}, nil
}

// Make returns a token for the user whose password hash is passwordHash.
func (r *ResetTokens) Make(userID, passwordHash string) string {
	exp := strconv.FormatInt(r.clock.Now().Add(r.ttl).Unix(), 10)
	id := base64.RawURLEncoding.EncodeToString([]byte(userID))
	return id + "." + exp + "." + r.sign(id, exp, passwordHash)
}

// UserID reads the user a token names, without checking it; look the
// user up, then Check the token against its password hash.
func (r *ResetTokens) UserID(token string) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", ErrBadResetToken
	}
	id, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil || len(id) == 0 {
		return "", ErrBadResetToken
	}
	return string(id), nil
}

// Check verifies a token against the user's current password hash and
// the clock.
func (r *ResetTokens) Check(token, passwordHash string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ErrBadResetToken
	}
	want := r.sign(parts[0], parts[1], passwordHash)
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return ErrBadResetToken
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || !r.clock.Now().Before(time.Unix(exp, 0)) {
		return ErrBadResetToken
	}
	return nil
}

func (r *ResetTokens) sign(id, exp, passwordHash string) string {
	mac := hmac.New(sha256.New, r.key)
	mac.Write([]byte(id + "\x00" + exp + "\x00" + passwordHash))
	return hex.EncodeToString(mac.Sum(nil))
}
