// Package browsertest drives the portal and the admin pages in a real
// browser: Debian's Chromium, headless, through chromedp. Each test starts the
// whole product with apptest, works through a flow as a client or an operator
// would, and saves a screenshot of its last step into a folder the run prints
// ($PROECOMMERCE_SCREENSHOTS, or a new folder under the system's temp dir).
//
// The tests skip when no Chromium is installed (chromium, chromium-browser or
// google-chrome on PATH), and fail instead when PROECOMMERCE_REQUIRE_BROWSER
// is set, as CI does.
package browsertest
