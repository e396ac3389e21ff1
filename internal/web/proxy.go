package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// proxiedAddr sets the request's remote address to the client's when the
// request came through a proxy of ours, so per-address login limits count
// clients, not the load balancer. Only a peer on a loopback or private
// address is taken as a proxy, and only the last X-Forwarded-For entry (the
// one that proxy appended) is believed: the entries before it, X-Real-IP
// and True-Client-IP are whatever the client chose to send.
//
// Limitation: one proxy hop is assumed; behind two (a CDN in front of the
// load balancer) the address counted is the CDN's.
func proxiedAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if addr, ok := forwardedFor(r); ok {
			r.RemoteAddr = net.JoinHostPort(addr.String(), "0")
		}
		next.ServeHTTP(w, r)
	})
}

func forwardedFor(r *http.Request) (netip.Addr, bool) {
	values := r.Header.Values("X-Forwarded-For")
	if len(values) == 0 {
		return netip.Addr{}, false
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !(peer.Addr().IsLoopback() || peer.Addr().IsPrivate()) {
		return netip.Addr{}, false
	}

	last := values[len(values)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	addr, err := netip.ParseAddr(strings.TrimSpace(last))
	if err != nil {
		return netip.Addr{}, false
	}
	return addr.Unmap(), true
}
