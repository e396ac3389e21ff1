// checkout-stripe.js: the card field of the checkout page in Stripe mode.
//
// It mounts Stripe's Payment Element (cards only) in #payment-element,
// and on submit turns what the client typed into a PaymentMethod
// (stripe.createPaymentMethod, paymentMethodCreation 'manual'), puts its
// pm_… id into the hidden payment_method field and submits the form. The
// card number never reaches our server; the server creates and confirms
// the PaymentIntent with that id (capture_method manual).
//
// Data attributes on #payment-element: data-publishable-key (pk_…),
// data-amount (minor units) and data-currency (ISO code), which only let
// the Element show the right wallets and messages: the server decides
// what is charged.
//
// 3-D Secure: when a page carries #payment-next-action with
// data-publishable-key and data-client-secret (a PaymentIntent in
// requires_action), the script runs stripe.handleNextAction with it and
// reloads the page when Stripe is done, so the order shows its new state.
// Without a client secret the page only asks the client to confirm the
// payment with their bank.
//
// Loaded from our own origin (the Content-Security-Policy forbids inline
// scripts) after https://js.stripe.com/v3, both with defer.
(function () {
  'use strict';

  function show(el, text) {
    if (!el) {
      return;
    }
    el.textContent = text;
    el.hidden = !text;
  }

  function stripeFor(key) {
    if (typeof window.Stripe !== 'function' || !key) {
      return null;
    }
    return window.Stripe(key);
  }

  // nextAction finishes a payment Stripe answered with requires_action.
  function nextAction(box) {
    var message = box.querySelector('[role="alert"]') || box;
    var secret = box.dataset.clientSecret;
    var stripe = stripeFor(box.dataset.publishableKey);
    if (!secret || !stripe) {
      show(message, 'Your bank asks you to confirm this payment. Open your banking app to approve it, then reload this page.');
      return;
    }

    show(message, 'Your bank asks you to confirm this payment…');
    stripe.handleNextAction({ clientSecret: secret }).then(function (result) {
      if (result.error) {
        show(message, 'The payment was not confirmed: ' + result.error.message);
        return;
      }
      window.location.reload();
    });
  }

  // contactDetails passes the registrant's name and e-mail on as the
  // card's billing details, which Stripe's fraud checks use.
  function contactDetails(form) {
    var value = function (name) {
      var input = form.elements.namedItem(name);
      return input && input.value ? input.value.trim() : undefined;
    };
    var name = [value('first_name'), value('last_name')].filter(Boolean).join(' ');
    return { name: name || undefined, email: value('email') };
  }

  function checkout(form, mount, field) {
    var message = document.getElementById('payment-message');
    var button = form.querySelector('button[type="submit"]');
    var stripe = stripeFor(mount.dataset.publishableKey);
    if (!stripe) {
      show(message, 'Card payments are unavailable right now (Stripe could not be loaded). Reload the page or try again later.');
      if (button) {
        button.disabled = true;
      }
      return;
    }

    var elements = stripe.elements({
      mode: 'payment',
      amount: parseInt(mount.dataset.amount, 10),
      currency: (mount.dataset.currency || '').toLowerCase(),
      paymentMethodCreation: 'manual',
      paymentMethodTypes: ['card'],
      captureMethod: 'manual',
      setupFutureUsage: 'off_session'
    });
    elements.create('payment').mount(mount);

    var busy = false;
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      if (button) {
        button.disabled = true;
      }
      show(message, '');

      var fail = function (text) {
        show(message, text);
        busy = false;
        if (button) {
          button.disabled = false;
        }
      };

      elements.submit().then(function (submitted) {
        if (submitted.error) {
          return fail(submitted.error.message);
        }
        return stripe.createPaymentMethod({
          elements: elements,
          params: { billing_details: contactDetails(form) }
        }).then(function (result) {
          if (result.error) {
            return fail(result.error.message);
          }
          field.value = result.paymentMethod.id;
          // HTMLFormElement.submit fires no submit event: no loop.
          form.submit();
        });
      }).catch(function () {
        fail('The card could not be checked. Try again.');
      });
    });
  }

  var box = document.getElementById('payment-next-action');
  if (box) {
    nextAction(box);
  }

  var form = document.getElementById('checkout');
  var mount = document.getElementById('payment-element');
  var field = document.getElementById('payment_method');
  if (form && mount && field) {
    checkout(form, mount, field);
  }
})();
