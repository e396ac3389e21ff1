package catalog

import (
	"strings"
	"sync"
	"time"

	"github.com/proecommerce/domains/internal/clock"
	"github.com/proecommerce/domains/internal/registrar"
)

// cache keeps recent availability answers for a short time, so a client
// paging through results does not cost a registrar call per view.
type cache struct {
	mu      sync.Mutex
	clock   clock.Clock
	ttl     time.Duration
	entries map[string]cacheEntry
}

type cacheEntry struct {
	at time.Time
	a  registrar.Availability
}

func newCache(clk clock.Clock, ttl time.Duration) *cache {
	return &cache{clock: clk, ttl: ttl, entries: map[string]cacheEntry{}}
}

func (c *cache) get(key string) (registrar.Availability, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()

	e, ok := c.entries[key]
	if !ok || c.clock.Now().Sub(e.at) > c.ttl {
		return registrar.Availability{}, false
	}
	return e.a, true
}

func (c *cache) put(key string, a registrar.Availability) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if len(c.entries) > 10000 {
		c.entries = map[string]cacheEntry{}
	}
	c.entries[key] = cacheEntry{at: c.clock.Now(), a: a}
}

func (c *cache) forget(domain string) {
	c.mu.Lock()
	defer c.mu.Unlock()

	for k := range c.entries {
		if strings.HasSuffix(k, "|"+domain) {
			delete(c.entries, k)
		}
	}
}
