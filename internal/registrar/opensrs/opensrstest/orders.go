package opensrstest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/proecommerce/domains/internal/registrar/opensrs/internal/ops"
)

func (s *Server) byExpireDate(a ops.Assoc) (int, string, ops.Assoc) {
	if a.Text("exp_from") == "" || a.Text("exp_to") == "" {
		return 460, "exp_from and exp_to are required", nil
	}
	page, _ := strconv.Atoi(a.Text("page"))
	limit, _ := strconv.Atoi(a.Text("limit"))
	page, limit = max(page, 1), max(limit, 1)

	names := make([]string, 0, len(s.domains))
	for n := range s.domains {
		names = append(names, n)
	}
	sort.Strings(names)

	start := min((page-1)*limit, len(names))
	end := min(start+limit, len(names))
	list := ops.Array{}
	for _, n := range names[start:end] {
		d := s.domains[n]
		list = append(list, ops.Assoc{
			"name":         ops.Str(n),
			"expiredate":   ops.Str(d.Expires.Format("2006-01-02 15:04:05")),
			"f_auto_renew": ops.Str(map[bool]string{true: "Y", false: "N"}[d.AutoRenew]),
			"f_let_expire": ops.Str("N"),
		}.Value())
	}

	return 200, "Command successful", ops.Assoc{
		"exp_domains": list.Value(),
		"page":        ops.Int(page),
		"total":       ops.Int(len(names)),
		"remainder":   ops.Bool(end < len(names)),
	}
}

func (s *Server) orderInfo(a ops.Assoc) (int, string, ops.Assoc) {
	o := s.orders[a.Text("order_id")]
	if o == nil {
		return 480, "Order not found", nil
	}
	return 200, "Query successful", ops.Assoc{"field_hash": ops.Assoc{
		"domain":     ops.Str(o.Domain),
		"status":     ops.Str(o.Status),
		"reg_type":   ops.Str(o.Type),
		"period":     ops.Int(o.Period),
		"order_date": ops.Str(strconv.FormatInt(o.Created.Unix(), 10)),
	}.Value()}
}

func (s *Server) ordersByDomain(a ops.Assoc) (int, string, ops.Assoc) {
	arr := ops.Array{}
	for _, o := range s.sortedOrders() {
		if o.Domain != strings.ToLower(a.Text("domain")) || o.Type != a.Text("type") {
			continue
		}
		arr = append(arr, ops.Assoc{
			"id":         ops.Str(o.ID),
			"order_date": ops.Str(o.Created.Format("2006-01-02 15:04:05")),
			"status":     ops.Str(o.Status),
			"type":       ops.Str(o.Type),
		}.Value())
	}
	return 200, "Query successful", ops.Assoc{"orders": arr.Value(), "page_size": ops.Int(40)}
}

func (s *Server) checkTransfer(a ops.Assoc) (int, string, ops.Assoc) {
	d := strings.ToLower(a.Text("domain"))
	if a.Flag("check_status") {
		status, ok := s.transfers[d]
		if !ok {
			return 480, "No transfer found", nil
		}
		out := ops.Assoc{"status": ops.Str(status), "transferable": ops.Str("0")}
		if reason := s.transferReasons[d]; reason != "" {
			out["reason"] = ops.Str(reason)
		}
		return 200, "Query successful", out
	}

	if s.taken[d] {
		return 200, "Query successful", ops.Assoc{"transferable": ops.Str("1")}
	}
	return 200, "Query successful", ops.Assoc{
		"transferable": ops.Str("0"),
		"reason":       ops.Str(fmt.Sprintf("Domain %s is locked at the current registrar", d)),
	}
}
