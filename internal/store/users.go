package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Roles of a user.
const (
	RoleAdmin  = "admin"
	RoleClient = "client"
)

// User is an operator's admin or a client. A client's id is its client_id.
type User struct {
	ID              string
	TenantID        string
	Email           string
	Name            string
	Role            string
	PasswordHash    string
	Currency        string
	PaymentCustomer string
	PaymentMethod   string
	CreatedAt       time.Time
}

// IsAdmin reports whether the user administers its tenant.
func (u User) IsAdmin() bool { return u.Role == RoleAdmin }

const userCols = `id, tenant_id, email, name, role, password_hash, currency,
	payment_customer, payment_method, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.TenantID, &u.Email, &u.Name, &u.Role, &u.PasswordHash,
		&u.Currency, &u.PaymentCustomer, &u.PaymentMethod, &u.CreatedAt)
	return u, err
}

// CreateUser adds a user; an e-mail already used in the tenant is ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u User) (User, error) {
	u.ID = NewID("usr")
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt = s.now()

	_, err := s.db.Exec(ctx, `INSERT INTO users (`+userCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.TenantID, u.Email, u.Name, u.Role, u.PasswordHash, u.Currency,
		u.PaymentCustomer, u.PaymentMethod, u.CreatedAt)
	if isUnique(err) {
		return User{}, fmt.Errorf("user %s: %w", u.Email, ErrConflict)
	}
	if err != nil {
		return User{}, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// User reads a user of a tenant.
func (s *Store) User(ctx context.Context, tenantID, id string) (User, error) {
	u, err := scanUser(s.db.QueryRow(ctx,
		`SELECT `+userCols+` FROM users WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if err != nil {
		return User{}, notFound(err, "user "+id)
	}
	return u, nil
}

// UserByEmail reads a user of a tenant by e-mail.
func (s *Store) UserByEmail(ctx context.Context, tenantID, email string) (User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := scanUser(s.db.QueryRow(ctx,
		`SELECT `+userCols+` FROM users WHERE tenant_id = ? AND email = ?`, tenantID, email))
	if err != nil {
		return User{}, notFound(err, "user "+email)
	}
	return u, nil
}

// UsersByEmail lists the users of every tenant with that e-mail, for login.
func (s *Store) UsersByEmail(ctx context.Context, email string) ([]User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	rows, err := s.db.Query(ctx,
		`SELECT `+userCols+` FROM users WHERE email = ? ORDER BY created_at`, email)
	if err != nil {
		return nil, fmt.Errorf("store: users by email: %w", err)
	}
	defer rows.Close()

	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users by email: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Clients lists a tenant's clients by name.
func (s *Store) Clients(ctx context.Context, tenantID string) ([]User, error) {
	rows, err := s.db.Query(ctx, `SELECT `+userCols+` FROM users
		WHERE tenant_id = ? AND role = ? ORDER BY name, email`, tenantID, RoleClient)
	if err != nil {
		return nil, fmt.Errorf("store: clients: %w", err)
	}
	defer rows.Close()

	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: clients: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetPaymentProfile keeps the gateway customer and method saved for renewals.
func (s *Store) SetPaymentProfile(ctx context.Context, userID, customer, method string) error {
	_, err := s.db.Exec(ctx, `UPDATE users SET payment_customer = ?, payment_method = ? WHERE id = ?`,
		customer, method, userID)
	if err != nil {
		return fmt.Errorf("store: set payment profile: %w", err)
	}
	return nil
}

// CreateToken makes an API token for a user and returns its plain text,
// which is shown once; only its SHA-256 is kept.
func (s *Store) CreateToken(ctx context.Context, u User) (string, error) {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	plain := "pcd_" + hex.EncodeToString(b[:])

	_, err := s.db.Exec(ctx, `INSERT INTO api_tokens (id, tenant_id, user_id, token_hash, created_at)
		VALUES (?, ?, ?, ?, ?)`, NewID("tok"), u.TenantID, u.ID, hashToken(plain), s.now())
	if err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	return plain, nil
}

// UserByToken finds the user an API token belongs to.
func (s *Store) UserByToken(ctx context.Context, plain string) (User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+prefixCols("u.", userCols)+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, hashToken(plain)))
	if err != nil {
		return User{}, notFound(err, "token")
	}
	return u, nil
}

func hashToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}

// prefixCols qualifies a comma-separated column list with a table alias.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}
