package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"
)

// queryTimeout bounds the database work of one query.
const queryTimeout = 3 * time.Second

// Server is an authoritative DNS server for the sandbox host's zones, over
// UDP and TCP. It reads the database on every query, so it answers what the
// last applied change left.
type Server struct {
	host *Host
	log  *slog.Logger

	mu      sync.Mutex
	servers []*dns.Server
}

// NewServer returns a server for h's zones; logger may be nil.
func NewServer(h *Host, logger *slog.Logger) *Server {
	if logger == nil {
		logger = h.log
	}
	return &Server{host: h, log: logger}
}

// ListenAndServe serves on addr (like "127.0.0.1:8053") until ctx ends.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	if _, _, err := s.Start(addr); err != nil {
		return err
	}
	<-ctx.Done()

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(shutdownCtx)
}

// Start binds addr over UDP and TCP and serves in the background. With
// port 0, TCP takes the port UDP was given when it is free.
func (s *Server) Start(addr string) (udpAddr, tcpAddr net.Addr, err error) {
	pc, err := net.ListenPacket("udp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox dns: listen udp %s: %w", addr, err)
	}
	l, err := net.Listen("tcp", pc.LocalAddr().String())
	if err != nil && strings.HasSuffix(addr, ":0") {
		l, err = net.Listen("tcp", addr)
	}
	if err != nil {
		_ = pc.Close()
		return nil, nil, fmt.Errorf("sandbox dns: listen tcp %s: %w", addr, err)
	}

	udp := &dns.Server{PacketConn: pc, Handler: s}
	tcp := &dns.Server{Listener: l, Handler: s}
	s.mu.Lock()
	s.servers = append(s.servers, udp, tcp)
	s.mu.Unlock()

	for _, srv := range []*dns.Server{udp, tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		go s.serve(srv)
		<-started
	}
	s.log.Info("sandbox dns server listening", "udp_addr", pc.LocalAddr().String(),
		"tcp_addr", l.Addr().String())
	return pc.LocalAddr(), l.Addr(), nil
}

func (s *Server) serve(srv *dns.Server) {
	if err := srv.ActivateAndServe(); err != nil {
		s.log.Error("sandbox dns server stopped", "err", err)
	}
}

// Shutdown stops every listener Start opened.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	servers := s.servers
	s.servers = nil
	s.mu.Unlock()

	var errs []error
	for _, srv := range servers {
		if err := srv.ShutdownContext(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sandbox dns: shutdown: %w", err)
	}
	return nil
}

// ServeDNS answers one query.
func (s *Server) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	resp := s.respond(req)
	if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
		size := dns.MinMsgSize
		if opt := req.IsEdns0(); opt != nil {
			size = max(int(opt.UDPSize()), dns.MinMsgSize)
			resp.SetEdns0(uint16(size), false)
		}
		resp.Truncate(size)
	}
	if err := w.WriteMsg(resp); err != nil {
		s.log.Warn("sandbox dns reply failed", "err", err)
	}
}

// respond builds the answer to req.
func (s *Server) respond(req *dns.Msg) *dns.Msg {
	resp := new(dns.Msg)
	switch {
	case req.Opcode != dns.OpcodeQuery:
		return resp.SetRcode(req, dns.RcodeNotImplemented)
	case len(req.Question) != 1:
		return resp.SetRcode(req, dns.RcodeFormatError)
	}
	q := req.Question[0]
	if q.Qclass != dns.ClassINET && q.Qclass != dns.ClassANY {
		return resp.SetRcode(req, dns.RcodeRefused)
	}

	// Limitation: every query reads its zone from the database (one lookup
	// per label, then all the zone's records): simple and always current,
	// fine for a sandbox, not meant for production load.
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	zone, sets, found, err := s.host.zoneForName(ctx, q.Name)
	if err != nil {
		s.log.Error("sandbox dns query failed", "qname", q.Name, "err", err)
		return resp.SetRcode(req, dns.RcodeServerFailure)
	}
	if !found {
		return resp.SetRcode(req, dns.RcodeRefused)
	}

	resp.SetReply(req)
	resp.Authoritative = true
	resp.Compress = true
	buildZone(zone.Domain, sets, s.log).answer(resp, q)
	return resp
}
