package org.coophive.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Selenium through Debian's {@code /usr/bin/chromedriver}:
 * nothing is ever downloaded (Selenium Manager is skipped because the driver is given), and the
 * browser resolves no host but localhost, so it makes no outside connection.
 *
 * <p>Browser tests are {@code *IT} and need the {@code chromium} and {@code chromium-driver}
 * packages ({@code .ci/run} installs them). Screenshots go to a folder under the module's
 * {@code target/} for a person to look at.
 *
 * <pre>{@code
 * try (HeadlessChromium browser = HeadlessChromium.start(Path.of("target/screenshots"))) {
 *     browser.driver().get("http://127.0.0.1:" + port + "/");
 *     browser.screenshot("home");
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's packages put the browser and its driver. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path screenshots;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path screenshots, Path profile) {
        this.driver = driver;
        this.screenshots = screenshots;
        this.profile = profile;
    }

    /** A desktop-sized browser (1280x900). */
    public static HeadlessChromium start(Path screenshots) {
        return start(screenshots, 1280, 900);
    }

    /** A browser with the given window size (e.g. 390x844 for a phone). */
    public static HeadlessChromium start(Path screenshots, int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver (" + CHROMIUM
                    + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
        }
        try {
            Files.createDirectories(screenshots);
            Path profile = Files.createTempDirectory("coophive-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--window-size=" + width + "," + height,
                    "--user-data-dir=" + profile,
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--disable-sync",
                    "--disable-default-apps",
                    "--disable-extensions",
                    "--disable-quic",
                    // Only loopback names resolve: no DNS query ever leaves the machine.
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1");
            if ("root".equals(System.getProperty("user.name"))) {
                options.addArguments("--no-sandbox"); // Chromium's sandbox refuses to run as root.
            }
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, screenshots, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Waits up to {@code timeout} until {@code condition} gives a non-null, non-false value. */
    public <T> T await(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).until(condition::apply);
    }

    /** Saves the visible page as {@code NAME.png} in the screenshot folder and returns its path. */
    public Path screenshot(String name) {
        try {
            Path target = screenshots.resolve(name + ".png");
            Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(taken, target, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(taken);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // A profile file still held by a dying browser: it is a temp folder, left to the OS.
                }
            });
        } catch (IOException e) {
            // The profile folder is temporary; failing to remove it must not fail a test.
        }
    }
}
