package awsfake

import (
	"slices"
	"strconv"
	"time"
)

// Operation statuses and the types the fake starts, as Route 53 Domains
// spells them.
const (
	StatusSubmitted  = "SUBMITTED"
	StatusInProgress = "IN_PROGRESS"
	StatusSuccessful = "SUCCESSFUL"
	StatusFailed     = "FAILED"
	StatusError      = "ERROR"

	TypeRegister   = "REGISTER_DOMAIN"
	TypeTransferIn = "TRANSFER_IN_DOMAIN"
	TypeRenew      = "RENEW_DOMAIN"
	TypeNameserver = "UPDATE_NAMESERVER"
	TypePrivacy    = "CHANGE_PRIVACY_PROTECTION"
	TypeLock       = "DOMAIN_LOCK"
	TypeContact    = "UPDATE_DOMAIN_CONTACT"
)

// Operation is what the fake knows of one asynchronous operation.
type Operation struct {
	ID        string
	Domain    string
	Type      string
	Status    string
	Submitted time.Time
	Updated   time.Time
	Message   string
	// AuthCode is the code a TransferDomain sent ("" for other types).
	AuthCode string
	// Flag is the StatusFlag answered with the status ("" for none).
	Flag string
	// Reads counts the GetOperationDetail calls that read it.
	Reads int
}

type operation struct {
	Operation
	years int
	done  func(f *Fake)
	// script, when set, is the status sequence the test drives with
	// Advance; at is the step answered now.
	script []Step
	at     int
}

// Operations returns a copy of every operation started, oldest first.
func (f *Fake) Operations() []Operation {
	f.mu.Lock()
	defer f.mu.Unlock()

	out := make([]Operation, 0, len(f.ops))
	for _, op := range f.ops {
		out = append(out, op.Operation)
	}
	return out
}

// start records an operation in progress, counting request as accepted;
// done runs when it succeeds, or at once when the operation is synchronous
// in effect (instant is true).
func (f *Fake) start(request, domain, typ string, done func(*Fake), instant bool) *operation {
	now := f.now()
	op := &operation{Operation: Operation{ID: f.nextID("op-"), Domain: domain, Type: typ,
		Status: StatusInProgress, Submitted: now, Updated: now}, done: done}
	f.ops = append(f.ops, op)
	f.accept(request)

	if instant {
		f.succeed(op)
	}
	return op
}

// finish ends an operation: FAILED for a domain of Config.Refuse, else
// SUCCESSFUL.
func (f *Fake) finish(op *operation) {
	if slices.Contains(f.cfg.Refuse, op.Domain) {
		op.Status, op.Updated = StatusFailed, f.now()
		op.Message = "The registry refused the request for " + op.Domain
		return
	}
	f.succeed(op)
}

func (f *Fake) succeed(op *operation) {
	op.Status, op.Updated = StatusSuccessful, f.now()
	if op.done != nil {
		op.done(f)
	}
}

// inProgress returns the unfinished operation of the type on the domain.
func (f *Fake) inProgress(domain, typ string) *operation {
	for _, op := range f.ops {
		if op.Domain == domain && op.Type == typ && open(op.Status) {
			return op
		}
	}
	return nil
}

func (f *Fake) getOperationDetail(in obj) (int, obj) {
	id := str(in, "OperationId")
	for _, op := range f.ops {
		if op.ID != id {
			continue
		}
		op.Reads++
		if op.script == nil && op.Status == StatusInProgress && op.Reads >= f.cfg.CompleteAfter {
			f.finish(op)
		}
		return 200, operationJSON(op.Operation)
	}
	return invalidInput("No operation found with id " + id)
}

func operationJSON(op Operation) obj {
	out := obj{"OperationId": op.ID, "Status": op.Status, "DomainName": op.Domain,
		"Type": op.Type, "SubmittedDate": epoch(op.Submitted), "LastUpdatedDate": epoch(op.Updated)}
	if op.Message != "" {
		out["Message"] = op.Message
	}
	if op.Flag != "" {
		out["StatusFlag"] = op.Flag
	}
	return out
}

// listOperations filters by SubmittedSince, Status and Type, sorts by
// submission date and pages with a numeric marker.
func (f *Fake) listOperations(in obj) (int, obj) {
	since, _ := in["SubmittedSince"].(float64)
	types, statuses := strList(in["Type"]), strList(in["Status"])

	var list []obj
	for _, op := range f.ops {
		if float64(op.Submitted.Unix()) < since ||
			(len(types) > 0 && !slices.Contains(types, op.Type)) ||
			(len(statuses) > 0 && !slices.Contains(statuses, op.Status)) {
			continue
		}
		list = append(list, operationJSON(op.Operation))
	}
	if str(in, "SortOrder") == "DESC" {
		slices.Reverse(list)
	}

	page, next := pageOf(list, str(in, "Marker"), num(in, "MaxItems"), 0)
	out := obj{"Operations": page}
	if next != "" {
		out["NextPageMarker"] = next
	}
	return 200, out
}

// strList reads a JSON array of strings.
func strList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// pageOf cuts one page from a list with a numeric offset as the marker,
// at most size items (limit caps size when positive).
func pageOf[T any](list []T, marker string, size, limit int) ([]T, string) {
	start, _ := strconv.Atoi(marker)
	start = min(max(start, 0), len(list))
	if size <= 0 {
		size = len(list)
	}
	if limit > 0 {
		size = min(size, limit)
	}
	end := min(start+max(size, 1), len(list))

	next := ""
	if end < len(list) {
		next = strconv.Itoa(end)
	}
	return list[start:end], next
}
