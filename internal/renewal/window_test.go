package renewal

import (
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWindow(t *testing.T) {
	tests := []struct {
		asOf, first, last string
	}{
		{"2027-01-01", "2027-01-01", "2027-02-15"},
		{"2028-02-01", "2028-02-01", "2028-03-17"}, // leap year: 29 days in February
		{"2027-02-01", "2027-02-01", "2027-03-18"},
		{"2027-01-31", "2027-01-31", "2027-03-17"}, // month end
		{"2027-12-31", "2027-12-31", "2028-02-14"}, // year end
		{"2028-01-15", "2028-01-15", "2028-02-29"}, // lands on the leap day
	}
	for _, tt := range tests {
		from, to := Window(date(tt.asOf).Add(15*time.Hour), DefaultWindowDays)
		first, last := date(tt.first), date(tt.last)
		if !from.Equal(first) {
			t.Errorf("as of %s: from = %s, want %s", tt.asOf, from, first)
		}
		// The last day is included to its last instant; the next is not.
		inside := func(x time.Time) bool { return !x.Before(from) && x.Before(to) }
		if !inside(last.Add(24*time.Hour-time.Microsecond)) || !inside(first) {
			t.Errorf("as of %s: [%s, %s) misses an end of %s..%s", tt.asOf, from, to, first, last)
		}
		if inside(last.AddDate(0, 0, 1)) || inside(first.Add(-time.Microsecond)) {
			t.Errorf("as of %s: [%s, %s) goes past %s..%s", tt.asOf, from, to, first, last)
		}
	}
}

func TestDueDate(t *testing.T) {
	minus10, plus30 := -10, 30
	tests := []struct {
		name, asOf, expiry, want string
		until                    *int
	}{
		{"a week before expiry", "2027-01-01", "2027-02-15", "2027-02-08", nil},
		{"renewal days after expiry change nothing", "2027-01-01", "2027-02-15", "2027-02-08", &plus30},
		{"registry's last day comes first", "2027-01-01", "2027-02-15", "2027-02-04", &minus10},
		{"expiry too close: due at once", "2027-01-01", "2027-01-05", "2027-01-01", nil},
		{"leap day expiry", "2028-02-01", "2028-02-29", "2028-02-22", nil},
	}
	for _, tt := range tests {
		got := DueDate(date(tt.asOf), date(tt.expiry).Add(13*time.Hour), tt.until)
		if !got.Equal(date(tt.want)) {
			t.Errorf("%s: due %s, want %s", tt.name, got.Format(time.DateOnly), tt.want)
		}
	}
}

func TestUniqueKeyAndPeriod(t *testing.T) {
	exp := time.Date(2028, 2, 29, 10, 0, 0, 0, time.UTC)
	if got := UniqueKey("dom_1", exp); got != "renewal:dom_1:2028-02-29" {
		t.Errorf("key = %q", got)
	}
	from, to := Period(exp, 1)
	if !from.Equal(exp) || !to.Equal(time.Date(2029, 3, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("period = %s..%s", from, to)
	}
}

func TestPhaseAt(t *testing.T) {
	zero, thirty := 0, 30
	com := registrar.TLDPrice{RenewUntilDay: &zero, LateRenewDays: 44, RestoreDays: 75}
	uk := registrar.TLDPrice{RenewUntilDay: &thirty, LateRenewDays: 90}
	none := registrar.TLDPrice{}
	exp := date("2027-03-01").Add(9 * time.Hour)
	tests := []struct {
		p    registrar.TLDPrice
		day  int
		want Phase
	}{
		{com, -30, PhaseRenew}, {com, 0, PhaseRenew}, {com, 1, PhaseLate}, {com, 44, PhaseLate},
		{com, 45, PhaseRestore}, {com, 75, PhaseRestore}, {com, 76, PhaseLost},
		{uk, 30, PhaseRenew}, {uk, 31, PhaseLate}, {uk, 90, PhaseLate}, {uk, 91, PhaseLost},
		{none, 0, PhaseRenew}, {none, 1, PhaseLost},
	}
	for _, tt := range tests {
		now := Day(exp).AddDate(0, 0, tt.day).Add(23 * time.Hour)
		if got := PhaseAt(exp, now, tt.p); got != tt.want {
			t.Errorf("day %d of %+v: %s, want %s", tt.day, tt.p, got, tt.want)
		}
	}
}

func TestMonthlySchedule(t *testing.T) {
	tests := []struct{ now, want time.Time }{
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2027, 1, 31, 23, 59, 0, 0, time.UTC), time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2027, 12, 15, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := (MonthlySchedule{}).Next(tt.now); !got.Equal(tt.want) {
			t.Errorf("Next(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestReminderDue(t *testing.T) {
	exp := date("2027-03-15").Add(8 * time.Hour)
	tests := []struct {
		today, want string
	}{
		{"2027-02-07", ""}, {"2027-02-08", ReminderMonth}, {"2027-02-15", ReminderMonth},
		{"2027-02-16", ""}, {"2027-03-01", ReminderWeek}, {"2027-03-08", ReminderWeek},
		{"2027-03-09", ""}, {"2027-03-15", ""}, {"2027-03-16", ReminderAfter},
		{"2027-03-20", ReminderAfter}, {"2027-03-21", ""},
	}
	for _, tt := range tests {
		if got := ReminderDue(date(tt.today), exp); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.today, got, tt.want)
		}
	}
}
