package apptest

import (
	"context"

	dnssandbox "github.com/proecommerce/domains/internal/dnshost/sandbox"
)

// startDNS runs the sandbox's authoritative DNS server on a free port.
func (h *Harness) startDNS() string {
	srv := dnssandbox.NewServer(h.App.Providers.SandboxDNS, nil)
	udp, _, err := srv.Start("127.0.0.1:0")
	if err != nil {
		h.T.Fatal(err)
	}
	h.T.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	return udp.String()
}
