package org.coophive.saas.api;

class NotFoundException extends RuntimeException {
    NotFoundException(String message) {
        super(message);
    }
}
