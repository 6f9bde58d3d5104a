package org.coophive.jobcreator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code run} reads a plain command line without picocli (its start); it must read it exactly as
 * picocli does, and leave every other command line (help, mistakes, unusual forms) to picocli.
 */
class RunCommandParsingTest {

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    /** Command lines people type: read without picocli. */
    static Stream<Arguments> plain() {
        return Stream.of(
                args("cowsay:v0.0.1"),
                args("cowsay:v0.0.1", "-i", "Message=moo"),
                args("cowsay:v0.0.1", "-i", "Message=hello world", "-i", "Other=a=b", "-i", "Empty="),
                args("-i", "Message=moo", "cowsay:v0.0.1", "--json"),
                args("cowsay:v0.0.1", "--input", "Message=moo", "-i", "Message=again"),
                args("github.com/owner/repo:main", "--mediation-chance", "007", "--match-timeout", "90"),
                args("cowsay:v0.0.1", "--timeout", "5m", "--match-timeout", "2m", "--mediation-chance", "100"),
                args("cowsay:v0.0.1", "--timeout", "bogus", "--mediation-chance", "101"));
    }

    /** Everything else: picocli reads it (or refuses it in its words). */
    static Stream<Arguments> notPlain() {
        return Stream.of(
                args(),
                args("--help"),
                args("-h"),
                args("-V"),
                args("cowsay:v0.0.1", "--help"),
                args("-i", "Message=moo"),
                args("cowsay:v0.0.1", "other"),
                args("cowsay:v0.0.1", "-i"),
                args("cowsay:v0.0.1", "-i", "moo"),
                args("cowsay:v0.0.1", "-i", "=moo"),
                args("cowsay:v0.0.1", "-iMessage=moo"),
                args("cowsay:v0.0.1", "--input=Message=moo"),
                args("cowsay:v0.0.1", "--timeout=5m"),
                args("cowsay:v0.0.1", "--timeout", "5m", "--timeout", "6m"),
                args("cowsay:v0.0.1", "--json", "--json"),
                args("cowsay:v0.0.1", "--mediation-chance", "-1"),
                args("cowsay:v0.0.1", "--mediation-chance", "ten"),
                args("cowsay:v0.0.1", "--mediation-chance", "99999999999"),
                args("cowsay:v0.0.1", "--match-timeout", "--json"),
                args("cowsay:v0.0.1", "--unknown"),
                args("cowsay:v0.0.1", "--"),
                args("@arguments.txt"),
                args("cowsay:v0.0.1", "-i", "@inputs"),
                args("cowsay:v0.0.1", "-i", "Message=\"moo\""),
                args(""),
                args("Message=moo"));
    }

    @ParameterizedTest
    @MethodSource("plain")
    void shouldReadAPlainCommandLineAsPicocliDoesWhenParsedWithoutIt(String[] args) {
        RunCommand plainly = command();
        RunCommand byPicocli = command();
        new CommandLine(byPicocli).parseArgs(args);

        assertThat(plainly.parsedPlainly(args)).isTrue();

        assertThat(plainly.module).isEqualTo(byPicocli.module);
        assertThat(plainly.inputs).containsExactlyEntriesOf(byPicocli.inputs);
        assertThat(plainly.json).isEqualTo(byPicocli.json);
        assertThat(plainly.mediationChance).isEqualTo(byPicocli.mediationChance);
        assertThat(plainly.matchTimeout).isEqualTo(byPicocli.matchTimeout);
        assertThat(plainly.timeout).isEqualTo(byPicocli.timeout);
    }

    @ParameterizedTest
    @MethodSource("notPlain")
    void shouldLeaveTheCommandLineToPicocliWhenItIsNotPlain(String[] args) {
        RunCommand command = command();

        assertThat(command.parsedPlainly(args)).isFalse();

        assertThat(command.module).as("nothing set").isNull();
        assertThat(command.inputs).isEmpty();
        assertThat(command.timeout).isNull();
    }

    private static RunCommand command() {
        return new RunCommand(Map.of(), NOWHERE, NOWHERE);
    }

    private static Arguments args(String... args) {
        return Arguments.of((Object) args);
    }
}
