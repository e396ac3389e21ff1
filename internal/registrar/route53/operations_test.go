package route53

import (
	"context"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/registrar"
)

func TestOperationStatusMapping(t *testing.T) {
	cases := []struct {
		status, flag string
		want         registrar.OperationStatus
	}{
		{"SUBMITTED", "", registrar.OpSubmitted},
		{"IN_PROGRESS", "", registrar.OpInProgress},
		{"IN_PROGRESS", "PENDING_CUSTOMER_ACTION", registrar.OpActionRequired},
		{"IN_PROGRESS", "PENDING_AUTHORIZATION", registrar.OpActionRequired},
		{"IN_PROGRESS", "PENDING_ACCEPTANCE", registrar.OpActionRequired},
		{"IN_PROGRESS", "PENDING_PAYMENT_VERIFICATION", registrar.OpInProgress},
		{"SUCCESSFUL", "", registrar.OpSucceeded},
		{"FAILED", "", registrar.OpFailed},
		{"ERROR", "", registrar.OpFailed},
	}
	for _, tc := range cases {
		t.Run(tc.status+"/"+tc.flag, func(t *testing.T) {
			_, r := newFake(t, map[string]handler{
				"GetOperationDetail": func(t *testing.T, body map[string]any) reply {
					if body["OperationId"] != "op-1" {
						t.Errorf("request = %v", body)
					}
					out := map[string]any{
						"OperationId": "op-1", "Status": tc.status, "DomainName": "Example.com",
						"Type": "REGISTER_DOMAIN", "Message": "working",
						"SubmittedDate": 1764583200, "LastUpdatedDate": 1764586800,
					}
					if tc.flag != "" {
						out["StatusFlag"] = tc.flag
					}
					return ok(out)
				},
			})

			op, err := r.Operation(context.Background(), "op-1")
			if err != nil {
				t.Fatalf("Operation: %v", err)
			}

			if op.Status != tc.want || op.Flag != tc.flag || op.Type != registrar.OpRegister ||
				op.Domain != "example.com" || op.Message != "working" ||
				!op.Submitted.Equal(time.Unix(1764583200, 0)) || !op.Updated.Equal(time.Unix(1764586800, 0)) {
				t.Errorf("operation = %+v", op)
			}
		})
	}
}

func TestFindOperationsAllPagesFilteredByDomain(t *testing.T) {
	since := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	f, r := newFake(t, map[string]handler{
		"ListOperations": func(t *testing.T, body map[string]any) reply {
			types, _ := body["Type"].([]any)
			if body["SubmittedSince"] != float64(since.Unix()) || len(types) != 1 || types[0] != "REGISTER_DOMAIN" {
				t.Errorf("request = %v", body)
			}
			if body["Marker"] == nil {
				return ok(map[string]any{
					"Operations": []any{
						opSummary("op-a", "other.com", 1764583300),
						opSummary("op-b", "example.com", 1764583400),
					},
					"NextPageMarker": "m2",
				})
			}
			if body["Marker"] != "m2" {
				t.Errorf("Marker = %v", body["Marker"])
			}
			return ok(map[string]any{"Operations": []any{opSummary("op-c", "EXAMPLE.com", 1764583500)}})
		},
	})

	got, err := r.FindOperations(context.Background(), "example.com", registrar.OpRegister, since)
	if err != nil {
		t.Fatalf("FindOperations: %v", err)
	}

	if len(f.ops()) != 2 {
		t.Errorf("calls = %d, want 2", len(f.ops()))
	}
	if len(got) != 2 || got[0].ID != "op-c" || got[1].ID != "op-b" {
		t.Fatalf("got %+v, want op-c then op-b", got)
	}
	if got[0].Status != registrar.OpInProgress || got[0].Type != registrar.OpRegister {
		t.Errorf("first = %+v", got[0])
	}
}

func opSummary(id, domain string, submitted int64) map[string]any {
	return map[string]any{
		"OperationId": id, "DomainName": domain, "Status": "IN_PROGRESS",
		"Type": "REGISTER_DOMAIN", "SubmittedDate": submitted,
	}
}

func TestOperationUnknownIDIsNotFound(t *testing.T) {
	_, r := newFake(t, map[string]handler{
		"GetOperationDetail": fixed(awsError(400, "InvalidInput", "Operation ID not found")),
	})

	_, err := r.Operation(context.Background(), "op-missing")

	if registrar.KindOf(err) != registrar.KindNotFound {
		t.Fatalf("err = %v, want not found", err)
	}
}
