package io.baton.ingress.http;

/** One invalid input: {@code field} is a path into the request ({@code prechatDetails[0].label}), {@code message} says why. */
public record FieldError(String field, String message) {}
