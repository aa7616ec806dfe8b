package io.gio.gateway.http;

/** The request property under which the authentication filter leaves the caller's principal. */
public final class AuthenticatedPrincipal {
    public static final String PROPERTY = "io.gio.gateway.principal";

    private AuthenticatedPrincipal() {}
}
