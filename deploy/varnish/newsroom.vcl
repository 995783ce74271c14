# Varnish 7.1 (Debian `varnish`) + varnish-modules' xkey, in front of newsroom's gunicorn hosts.
#
#   varnishd -a :80 -f /etc/varnish/newsroom.vcl -s malloc,1G
#
# The app decides what is cacheable (Cache-Control: public, s-maxage=…); this file only
# keeps editors out of the cache, normalizes what the app's Vary names, serves stale
# pages while the backend is down, and answers the app's purges (articles/caching/varnish.py:
# `PURGE /` with the surrogate keys in `xkey-purge`).
vcl 4.1;

import std;
import xkey;

# One backend per gunicorn host (add more, and a directors.round_robin(), for several).
backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
    # Sick after 2 failed checks out of 3: then pages are served stale (up to
    # stale-if-error) instead of errors.
    .probe = {
        .url = "/robots.txt";
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: this machine and the app hosts (VARNISH_PURGE_HOSTS points at us).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors' pages, and anyone logged in (session) or about to see a message: never cached.
    if (req.url ~ "^/(admin|preview)/") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # No other cookie changes a public page (the app strips Vary: Cookie from them).
    unset req.http.Cookie;
    # HTMX: a partial is cached apart (the app sends Vary: HX-Request); the list
    # fragment only asks whether the filter form itself triggered it.
    if (req.http.HX-Request && req.http.HX-Request != "true") {
        unset req.http.HX-Request;
    }
    if (req.http.HX-Trigger && req.http.HX-Trigger != "filter-form") {
        unset req.http.HX-Trigger;
    }
    unset req.http.HX-Target;
    unset req.http.HX-Trigger-Name;
    unset req.http.HX-Current-URL;
    set req.url = std.querysort(req.url);
    # Healthy backend: stale pages only briefly, while they are refetched in the
    # background (stale-while-revalidate). Sick: up to the object's whole grace.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_response {
    # Grace = the app's stale-if-error (Varnish reads stale-while-revalidate itself).
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 0s);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # Surrogate keys are for caches, not for browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
