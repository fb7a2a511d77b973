package health.rapport.site;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's headless Chromium through the system's chromedriver (Debian's chromium and
 * chromium-driver, which src/test/sh/test-services.sh installs when missing). Both paths are given
 * explicitly, so Selenium Manager never looks for (or downloads) a browser or a driver.
 */
final class Browser {

	static final String CHROMIUM = "/usr/bin/chromium";
	static final String CHROMEDRIVER = "/usr/bin/chromedriver";
	static final Dimension DESKTOP = new Dimension(1280, 900);
	static final Dimension PHONE = new Dimension(390, 844);
	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private Browser() {}

	static ChromeDriver start() {
		try {
			System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
			Path profile = Files.createTempDirectory("rapport-chromium");
			ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
					"--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--no-first-run", "--lang=en-US", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
					.usingAnyFreePort().build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().window().setSize(DESKTOP);
			return driver;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Saves {@code name}-desktop.png and {@code name}-phone.png of the current page. */
	static void screenshots(ChromeDriver driver, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			for (var size : new Object[][] {{"desktop", DESKTOP}, {"phone", PHONE}}) {
				driver.manage().window().setSize((Dimension) size[1]);
				File shot = driver.getScreenshotAs(OutputType.FILE);
				Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + size[0] + ".png"), StandardCopyOption.REPLACE_EXISTING);
			}
			driver.manage().window().setSize(DESKTOP);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
