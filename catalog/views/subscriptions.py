"""Subscribing by e-mail to an entry or a place, confirming, and unsubscribing (catalog.subscriptions).

The entry's and the place's pages link here instead of carrying the form themselves: a form with a CSRF token
would make those pages private to each visitor, and the county's proxy could no longer cache them. Links carry
their token in the query string, which the portal's and the proxy's logs leave out.
"""

from django import forms
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from catalog import subscriptions
from catalog.models import Division, Entry
from catalog.subscriptions import LinkError
from portal import ratelimit
from portal.plain_messages import PlainMessagesMixin

HOUR, DAY = 3600, 86400
ACTION = "subscribe"


class SubscriptionForm(PlainMessagesMixin, forms.Form):
    email = forms.EmailField(label="电子邮箱", max_length=254, widget=forms.EmailInput(attrs={
        "autocomplete": "email", "inputmode": "email", "spellcheck": "false"}))


def _target(kind: str, key):
    if kind == "entry":
        return get_object_or_404(Entry.objects.select_related("domain"), pk=key)
    return get_object_or_404(Division, code=key)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request, kind: str, key):
    """The subscription form of one entry or place; every accepted address gets the same answer."""
    target = _target(kind, key)
    form = SubscriptionForm(request.POST or None)
    context = {"form": form, "target": target, "kind": kind, "days": settings.SUBSCRIPTION_CONFIRM_DAYS}
    if request.method != "POST":
        return render(request, "catalog/subscribe.html", context)
    if not form.is_valid():
        return render(request, "catalog/subscribe.html", context, status=400)
    email = subscriptions.normalize(form.cleaned_data["email"])
    if not ratelimit.take_all(ACTION, [
        (ratelimit.client(request), settings.SUBSCRIPTIONS_PER_HOUR, HOUR),
        # one mailbox is not to be flooded with confirmation mails from many addresses
        (ratelimit.target(email), settings.SUBSCRIPTION_MAILS_PER_ADDRESS_PER_DAY, DAY),
    ]):
        context["refused"] = "订阅申请过于频繁，请稍后再试。如果已经申请过，请查收邮箱（包括垃圾邮件箱）中的确认邮件。"
        return render(request, "catalog/subscribe.html", context, status=429)
    subscriptions.request_subscription(email, **{kind: target})
    return redirect("catalog:subscription_sent")


@never_cache
def subscription_sent(request):
    return render(request, "catalog/subscription_sent.html", {"days": settings.SUBSCRIPTION_CONFIRM_DAYS})


def _link_error(request, error: LinkError):
    return render(request, "catalog/subscription_link.html", {"message": error.message}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request):
    """GET shows what is to be confirmed and a button, so that a mail scanner opening the link confirms nothing;
    POST confirms."""
    try:
        subscription = subscriptions.pending_to_confirm(request.GET.get("t", ""))
    except LinkError as error:
        return _link_error(request, error)
    if subscription is None:
        return _link_error(request, LinkError("这项订阅已经取消或已过期清除。如仍需订阅，请回到原页面重新订阅。"))
    if request.method == "POST" and not subscription.is_confirmed:
        subscriptions.confirm(subscription)
        return render(request, "catalog/subscription_confirm.html", {"subscription": subscription, "done": True})
    return render(request, "catalog/subscription_confirm.html", {
        "subscription": subscription, "done": subscription.is_confirmed})


@csrf_exempt  # RFC 8058: mail programs POST here without a token; the signed link is the authority
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request):
    """GET shows what the link cancels and a button (no JavaScript needed); POST, from that button or from a
    mail program's one-click unsubscribe, cancels it."""
    try:
        found = subscriptions.to_unsubscribe(request.GET.get("t", ""))
    except LinkError as error:
        return _link_error(request, error)
    if request.method == "POST":
        subscriptions.unsubscribe(found)
        return render(request, "catalog/subscription_unsubscribe.html", {"subscriptions": found, "done": True})
    return render(request, "catalog/subscription_unsubscribe.html", {"subscriptions": found, "done": not found})
