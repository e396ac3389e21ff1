package e2e

import (
	"net/http"
	"testing"
	"time"

	"github.com/proecommerce/domains/internal/apptest"
)

// BenchmarkPortalPages serves a client's pages and API reads from many
// goroutines at once against the real server (SQLite, sandbox providers):
// the domain list, one domain's records, the order page and the orders API.
func BenchmarkPortalPages(b *testing.B) {
	h := apptest.Start(b, apptest.Options{})
	c := signUpB(b, h)
	var o order
	c.Do("POST", "/api/v1/orders", map[string]any{
		"items":   []map[string]any{{"type": "register", "domain": "load-test.com", "years": 1}},
		"contact": contact(), "payment": map[string]string{"card": "4242424242424242"},
	}, &o)
	h.Eventually(20*time.Second, "the order to settle", func() bool {
		c.Do("GET", "/api/v1/orders/"+o.ID, nil, &o)
		return o.Status == "completed"
	})

	paths := []string{"/domains", "/domains/load-test.com", "/orders/" + o.ID,
		"/api/v1/orders/" + o.ID, "/api/v1/domains/load-test.com/records"}
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			resp, err := c.HTTP.Get(h.URL + paths[i%len(paths)])
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("%s: %d", paths[i%len(paths)], resp.StatusCode)
				return
			}
			i++
		}
	})
}

func signUpB(b *testing.B, h *apptest.Harness) *apptest.Client {
	b.Helper()
	c := h.NewClient()
	resp, err := c.HTTP.PostForm(h.URL+"/signup", map[string][]string{"name": {"Load"},
		"email": {"load@example.com"}, "password": {"correct horse"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	return c
}
