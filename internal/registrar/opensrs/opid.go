package opensrs

import (
	"strings"

	"github.com/proecommerce/domains/internal/registrar"
)

// opID is what an operation id carries. OpenSRS has no operation object,
// so the id names what to ask about when the operation is read again:
// "register:<order id>:<domain>", "transfer_in:<order id>:<domain>",
// "renew:<order id>:<domain>", "privacy:on:<domain>",
// "lock:off:<domain>", "auto_renew:on:<domain>" and
// "nameservers:<ns1>,<ns2>:<domain>".
type opID struct {
	typ    registrar.OperationType
	ref    string
	domain string
}

func (o opID) String() string {
	return string(o.typ) + ":" + o.ref + ":" + o.domain
}

func parseOpID(id string) (opID, error) {
	parts := strings.Split(id, ":")
	if len(parts) != 3 || parts[2] == "" {
		return opID{}, registrar.Errorf(registrar.KindNotFound,
			"opensrs: %q is not an OpenSRS operation id", id)
	}

	o := opID{typ: registrar.OperationType(parts[0]), ref: parts[1], domain: parts[2]}
	switch o.typ {
	case registrar.OpRegister, registrar.OpTransferIn, registrar.OpRenew,
		registrar.OpNameservers:
		return o, nil
	case registrar.OpPrivacy, registrar.OpLock, registrar.OpAutoRenew:
		if o.ref == "on" || o.ref == "off" {
			return o, nil
		}
	}
	return opID{}, registrar.Errorf(registrar.KindNotFound,
		"opensrs: %q is not an OpenSRS operation id", id)
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// orderTypes maps operation types to OpenSRS order types.
var orderTypes = map[registrar.OperationType]string{
	registrar.OpRegister:   "new",
	registrar.OpTransferIn: "transfer",
	registrar.OpRenew:      "renewal",
}
