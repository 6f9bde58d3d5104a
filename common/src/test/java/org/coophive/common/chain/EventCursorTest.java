package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventCursorTest {

    @Test
    void shouldOrderByBlockThenLogIndex() {
        List<EventCursor> cursors = List.of(
                new EventCursor(5, 2),
                EventCursor.endOf(4),
                new EventCursor(5, 0),
                EventCursor.startOf(5),
                EventCursor.startOf(6));

        assertThat(cursors.stream().sorted())
                .containsExactly(
                        EventCursor.endOf(4),
                        EventCursor.startOf(5),
                        new EventCursor(5, 0),
                        new EventCursor(5, 2),
                        EventCursor.startOf(6));
    }

    @Test
    void shouldPlaceEveryEventOfABlockBetweenItsStartAndEnd() {
        EventCursor event = new EventCursor(7, 3);

        assertThat(event.isAfter(EventCursor.startOf(7))).isTrue();
        assertThat(EventCursor.endOf(7).isAfter(event)).isTrue();
        assertThat(event.isAfter(event)).isFalse();
        assertThat(event.isAfter(EventCursor.GENESIS)).isTrue();
    }

    @Test
    void shouldRejectPositionsThatCannotExist() {
        assertThatThrownBy(() -> new EventCursor(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventCursor(1, -2)).isInstanceOf(IllegalArgumentException.class);
    }
}
