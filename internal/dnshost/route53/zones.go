package route53

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/route53"
	"github.com/aws/aws-sdk-go-v2/service/route53/types"

	"github.com/proecommerce/domains/internal/dnshost"
)

// zonePageSize is the most ListHostedZonesByName returns in one page.
const zonePageSize = 100

// FindZone returns the public hosted zone whose name is exactly the
// domain, with its name servers.
func (h *Host) FindZone(ctx context.Context, domain string) (dnshost.Zone, error) {
	return h.findZone(ctx, domain, "")
}

// findZone looks the zone up by exact name. When several public zones
// carry the name, the one created with callerRef wins, else the first.
//
// Limitation: with several public zones of one name and none created by
// callerRef, the first in Route 53's order is taken and a warning logged;
// matching it to the registrar's delegation is left to the caller.
func (h *Host) findZone(ctx context.Context, domain, callerRef string) (dnshost.Zone, error) {
	zones, err := h.zonesNamed(ctx, fqdn(domain))
	if err != nil {
		return dnshost.Zone{}, err
	}
	if len(zones) == 0 {
		return dnshost.Zone{}, fmt.Errorf("route53 dns: find zone %s: %w", domain, dnshost.ErrZoneNotFound)
	}

	pick := zones[0]
	for _, z := range zones {
		if callerRef != "" && aws.ToString(z.CallerReference) == callerRef {
			pick = z
		}
	}
	if len(zones) > 1 {
		h.log.Warn("several public hosted zones for one domain", "domain", domain,
			"zones", len(zones), "zone_id", bareID(aws.ToString(pick.Id)))
	}
	return h.zoneWithNameservers(ctx, domain, bareID(aws.ToString(pick.Id)))
}

// zonesNamed pages through ListHostedZonesByName from name while the zones
// listed still carry exactly that name, keeping the public ones.
func (h *Host) zonesNamed(ctx context.Context, name string) ([]types.HostedZone, error) {
	var (
		found []types.HostedZone
		next  = &route53.ListHostedZonesByNameInput{DNSName: aws.String(name), MaxItems: aws.Int32(zonePageSize)}
	)
	for {
		out, err := h.api.ListHostedZonesByName(ctx, next)
		if err != nil {
			return nil, mapError("list hosted zones by name "+name, err)
		}

		past := false
		for _, z := range out.HostedZones {
			if decodeName(aws.ToString(z.Name)) != name {
				past = true
				break
			}
			if z.Config == nil || !z.Config.PrivateZone {
				found = append(found, z)
			}
		}

		if past || !out.IsTruncated {
			return found, nil
		}
		next = &route53.ListHostedZonesByNameInput{
			DNSName:      out.NextDNSName,
			HostedZoneId: out.NextHostedZoneId,
			MaxItems:     aws.Int32(zonePageSize),
		}
	}
}

func (h *Host) zoneWithNameservers(ctx context.Context, domain, id string) (dnshost.Zone, error) {
	out, err := h.api.GetHostedZone(ctx, &route53.GetHostedZoneInput{Id: aws.String(id)})
	if err != nil {
		return dnshost.Zone{}, mapError("get hosted zone "+id, err)
	}
	return zone(domain, id, out.DelegationSet), nil
}

// zone builds our Zone; name servers are lower-case without a final dot,
// the form registrars take.
func zone(domain, id string, ds *types.DelegationSet) dnshost.Zone {
	z := dnshost.Zone{ID: id, Domain: strings.TrimSuffix(strings.ToLower(domain), ".")}
	if ds == nil {
		return z
	}
	for _, ns := range ds.NameServers {
		z.Nameservers = append(z.Nameservers, strings.TrimSuffix(strings.ToLower(ns), "."))
	}
	return z
}

// EnsureZone finds the domain's public zone, which RegisterDomain creates
// by itself, and creates one only when there is none. callerRef makes the
// creation safe to retry: a replay answers HostedZoneAlreadyExists and
// the zone is looked up again.
func (h *Host) EnsureZone(ctx context.Context, domain, callerRef string) (dnshost.Zone, error) {
	z, err := h.findZone(ctx, domain, callerRef)
	if err == nil || !errors.Is(err, dnshost.ErrZoneNotFound) {
		return z, err
	}

	out, err := h.api.CreateHostedZone(ctx, &route53.CreateHostedZoneInput{
		Name:             aws.String(fqdn(domain)),
		CallerReference:  aws.String(callerRef),
		HostedZoneConfig: &types.HostedZoneConfig{Comment: aws.String(h.comment), PrivateZone: false},
	})
	var exists *types.HostedZoneAlreadyExists
	if errors.As(err, &exists) {
		h.log.Info("hosted zone already created", "domain", domain)
		return h.findZone(ctx, domain, callerRef)
	}
	if err != nil {
		return dnshost.Zone{}, mapError("create hosted zone "+domain, err)
	}

	id := bareID(aws.ToString(out.HostedZone.Id))
	h.log.Info("hosted zone created", "domain", domain, "zone_id", id)
	return zone(domain, id, out.DelegationSet), nil
}

// Zones lists every public hosted zone of the account, all pages, for
// portfolio sync and audits. It is not part of dnshost.Host.
func (h *Host) Zones(ctx context.Context) ([]dnshost.Zone, error) {
	var (
		zones  []dnshost.Zone
		marker *string
	)
	for {
		out, err := h.api.ListHostedZones(ctx, &route53.ListHostedZonesInput{
			Marker:   marker,
			MaxItems: aws.Int32(zonePageSize),
		})
		if err != nil {
			return nil, mapError("list hosted zones", err)
		}

		for _, z := range out.HostedZones {
			if z.Config != nil && z.Config.PrivateZone {
				continue
			}
			name := strings.TrimSuffix(decodeName(aws.ToString(z.Name)), ".")
			zones = append(zones, dnshost.Zone{ID: bareID(aws.ToString(z.Id)), Domain: name})
		}

		if !out.IsTruncated || aws.ToString(out.NextMarker) == "" {
			return zones, nil
		}
		marker = out.NextMarker
	}
}
