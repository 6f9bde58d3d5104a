package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One event of the solver's WebSocket stream: what happened, and the container it happened to.
 * At most one of {@code job_offer}, {@code resource_offer} and {@code deal} is non-null (the
 * others are JSON {@code null}), and it is the one the event type names ({@link
 * EventType#payload()}).
 *
 * @param eventType what happened
 * @param jobOffer the job offer, for job offer events
 * @param resourceOffer the resource offer, for resource offer events
 * @param deal the deal, for deal events
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SolverEvent(
        EventType eventType, JobOfferContainer jobOffer, ResourceOfferContainer resourceOffer, DealContainer deal) {

    public SolverEvent {
        Objects.requireNonNull(eventType, "event_type is required");
        Payload present = null;
        int count = 0;
        if (jobOffer != null) {
            present = Payload.JOB_OFFER;
            count++;
        }
        if (resourceOffer != null) {
            present = Payload.RESOURCE_OFFER;
            count++;
        }
        if (deal != null) {
            present = Payload.DEAL;
            count++;
        }
        if (count > 1) {
            throw new IllegalArgumentException("a " + eventType
                    + " event carries at most one of job_offer, resource_offer and deal, not " + count);
        }
        if (present != null && present != eventType.payload()) {
            throw new IllegalArgumentException(
                    "a " + eventType + " event carries " + eventType.payload().wireName + ", not " + present.wireName);
        }
    }

    /** An event about a job offer. */
    public static SolverEvent of(EventType type, JobOfferContainer jobOffer) {
        return new SolverEvent(type, Objects.requireNonNull(jobOffer, "jobOffer"), null, null);
    }

    /** An event about a resource offer. */
    public static SolverEvent of(EventType type, ResourceOfferContainer resourceOffer) {
        return new SolverEvent(type, null, Objects.requireNonNull(resourceOffer, "resourceOffer"), null);
    }

    /** An event about a deal. */
    public static SolverEvent of(EventType type, DealContainer deal) {
        return new SolverEvent(type, null, null, Objects.requireNonNull(deal, "deal"));
    }

    /** Which field of the event carries its container. */
    public enum Payload {
        JOB_OFFER("job_offer"),
        RESOURCE_OFFER("resource_offer"),
        DEAL("deal");

        private final String wireName;

        Payload(String wireName) {
            this.wireName = wireName;
        }

        /** The JSON field name. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * The kinds of solver events, written as the reference's names. Reading an unknown name fails
     * with a message naming it, whatever the mapper's enum settings.
     */
    @JsonDeserialize(using = EventTypeReader.class)
    public enum EventType {
        /** A job offer was posted. */
        JOB_OFFER_ADDED("JobOfferAdded", Payload.JOB_OFFER),
        /** A resource offer was posted. */
        RESOURCE_OFFER_ADDED("ResourceOfferAdded", Payload.RESOURCE_OFFER),
        /** The solver made a deal. */
        DEAL_ADDED("DealAdded", Payload.DEAL),
        /** A job offer's deal or state changed. */
        JOB_OFFER_STATE_UPDATED("JobOfferStateUpdated", Payload.JOB_OFFER),
        /** A resource offer's deal or state changed. */
        RESOURCE_OFFER_STATE_UPDATED("ResourceOfferStateUpdated", Payload.RESOURCE_OFFER),
        /** A deal's state changed on chain. */
        DEAL_STATE_UPDATED("DealStateUpdated", Payload.DEAL),
        /** A mediator was picked on chain for a disputed deal. */
        DEAL_MEDIATOR_UPDATED("DealMediatorUpdated", Payload.DEAL),
        /** Its job creator withdrew a job offer before it was matched; the solver forgot it. */
        JOB_OFFER_WITHDRAWN("JobOfferWithdrawn", Payload.JOB_OFFER),
        /** Its resource provider withdrew a resource offer before it was matched; the solver forgot it. */
        RESOURCE_OFFER_WITHDRAWN("ResourceOfferWithdrawn", Payload.RESOURCE_OFFER),
        /** A job offer stayed unmatched past the solver's offer expiry; the solver forgot it. */
        JOB_OFFER_EXPIRED("JobOfferExpired", Payload.JOB_OFFER),
        /** A resource offer stayed unmatched past the solver's offer expiry; the solver forgot it. */
        RESOURCE_OFFER_EXPIRED("ResourceOfferExpired", Payload.RESOURCE_OFFER),
        /** The resource provider reported transaction hashes. */
        RESOURCE_PROVIDER_TRANSACTIONS_UPDATED("ResourceProviderTransactionsUpdated", Payload.DEAL),
        /** The job creator reported transaction hashes. */
        JOB_CREATOR_TRANSACTIONS_UPDATED("JobCreatorTransactionsUpdated", Payload.DEAL),
        /** The mediator reported transaction hashes. */
        MEDIATOR_TRANSACTIONS_UPDATED("MediatorTransactionsUpdated", Payload.DEAL),
        /**
         * The resource provider posted its result to the solver (before it commits to it on chain):
         * the job creator may fetch the files while {@code addResult} mines.
         */
        DEAL_RESULT_POSTED("DealResultPosted", Payload.DEAL);

        private static final String KNOWN =
                Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));

        private final String wireName;
        private final Payload payload;

        EventType(String wireName, Payload payload) {
            this.wireName = wireName;
            this.payload = payload;
        }

        /** The JSON string. */
        @JsonValue
        public String wireName() {
            return wireName;
        }

        /** The field that carries the container this event is about. */
        public Payload payload() {
            return payload;
        }

        /**
         * The event type with the given JSON string.
         *
         * @throws IllegalArgumentException naming the unknown string and the known ones
         */
        public static EventType ofWireName(String wireName) {
            return Arrays.stream(values())
                    .filter(type -> type.wireName.equals(wireName))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown solver event type \"" + wireName + "\"; known: " + KNOWN));
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    /** Jackson's reader of event types; public so that any mapper may instantiate it. */
    public static final class EventTypeReader extends ValueDeserializer<EventType> {
        @Override
        public EventType deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return ctxt.reportInputMismatch(
                        EventType.class, "a solver event type is a JSON string, not %s", p.currentToken());
            }
            try {
                return EventType.ofWireName(p.getString());
            } catch (IllegalArgumentException e) {
                return ctxt.reportInputMismatch(EventType.class, "%s", e.getMessage());
            }
        }
    }
}
