package health.rapport.site;

import static org.assertj.core.api.Assertions.assertThat;

import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.MatchExplanation;
import health.rapport.matching.MatchResult;
import health.rapport.matching.ProviderIndex;
import health.rapport.fhir.matching.Gazetteer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The public site in a real headless Chromium against the whole application on a random port,
 * over the demo directory: search, filters, sorting by distance, a listing, the questionnaire,
 * keyboard-only use, Spanish, and what a visitor types never reaching the logs. Every page is
 * checked for landmarks, labels, no scripts and no sideways scrolling at phone width, and
 * photographed at desktop and phone widths under target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.demo-data.enabled=true", "rapport.demo-data.practitioners=300"})
@ExtendWith(OutputCaptureExtension.class)
class DirectoryBrowserIT {

	private static ChromeDriver driver;

	@LocalServerPort
	int port;
	@Autowired
	ProviderIndex index;
	@Autowired
	Gazetteer gazetteer;

	@BeforeAll
	static void startBrowser() {
		driver = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void freshVisitor() {
		open("/");
		driver.manage().deleteAllCookies();
	}

	@Test
	void searchesAndFiltersByLanguageAndModality() {
		open("/");
		assertWellFormedPage("search");
		check("language", "es");
		check("modality", "cbt");
		navigate(() -> driver.findElement(By.cssSelector("form[role=search] button[type=submit]")).click());

		DirectoryQuery same = new DirectoryQuery(null, Set.of(), Set.of("cbt"), Set.of(), Set.of(), Set.of("es"), Set.of(), Set.of(),
				false, null, false, null, null, DirectorySort.RELEVANCE, 0, 20);
		DirectoryPage expected = index.search(same);
		assertThat(expected.total()).isPositive();
		assertThat(driver.findElement(By.id("results-heading")).getText()).startsWith(expected.total() + " therapists");
		assertThat(resultNames()).containsExactlyElementsOf(expected.hits().stream().map(h -> h.provider().name()).toList());
		assertThat(driver.findElements(By.cssSelector(".card"))).allSatisfy(card -> assertThat(card.getText())
				.contains("Spanish").contains("Cognitive behavioural therapy (CBT)"));
		assertThat(driver.findElement(By.cssSelector("input[name=language][value=es]")).isSelected()).as("the filter stays on")
				.isTrue();
		assertThat(facetCount("language", "es")).isEqualTo(expected.facets().get(DirectoryFacet.LANGUAGE).get("es"));
		Browser.screenshots(driver, "search-filtered");
	}

	@Test
	void filtersBySlidingScaleAndFee() {
		open("/");
		long offering = Long.parseLong(driver.findElement(By.cssSelector("label[for=slidingScale] .count")).getText()
				.replaceAll("[()]", ""));
		driver.findElement(By.cssSelector("label[for=slidingScale]")).click();
		new Select(driver.findElement(By.id("maxFee"))).selectByValue("200");
		navigate(() -> driver.findElement(By.cssSelector("form[role=search] button[type=submit]")).click());

		DirectoryQuery same = new DirectoryQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false,
				new java.math.BigDecimal("200"), true, null, null, DirectorySort.RELEVANCE, 0, 20);
		DirectoryPage expected = index.search(same);
		assertThat(expected.total()).isPositive().isLessThanOrEqualTo(offering);
		assertThat(driver.findElement(By.id("results-heading")).getText()).startsWith(expected.total() + " therapists");
		assertThat(resultNames()).containsExactlyElementsOf(expected.hits().stream().map(h -> h.provider().name()).toList());
		assertThat(driver.findElements(By.xpath("//dt[.='Sliding scale']/following-sibling::dd"))).isNotEmpty()
				.allSatisfy(dd -> assertThat(dd.getText()).isEqualTo("yes"));
		assertThat(driver.findElements(By.xpath("//dt[.='Fee per session']/following-sibling::dd"))).isNotEmpty()
				.allSatisfy(dd -> assertThat(dd.getText()).matches("(\\$|£|CA\\$|A\\$)\\d+(\\.\\d\\d)?"));
		assertThat(driver.findElement(By.id("slidingScale")).isSelected()).as("the filter stays on").isTrue();
		assertThat(new Select(driver.findElement(By.id("maxFee"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("200");
		assertWellFormedPage("search-sliding-scale");
	}

	@Test
	void sortsByDistanceFromATown() {
		open("/");
		new Select(driver.findElement(By.id("jurisdiction"))).selectByValue("US-CA");
		driver.findElement(By.id("town")).sendKeys("Los Angeles");
		new Select(driver.findElement(By.id("radius"))).selectByValue("100");
		new Select(driver.findElement(By.id("sort"))).selectByValue("distance");
		navigate(() -> driver.findElement(By.cssSelector("form[role=search] button[type=submit]")).click());

		List<Double> distances = driver.findElements(By.xpath("//dt[.='Distance']/following-sibling::dd")).stream()
				.map(dd -> Double.parseDouble(dd.getText().replace(" km", ""))).toList();
		assertThat(distances).isNotEmpty().isSorted().allSatisfy(km -> assertThat(km).isLessThanOrEqualTo(100.0));
		DirectoryQuery same = new DirectoryQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of("US-CA"), Set.of(),
				false, null, false, gazetteer.locate("US-CA", "Los Angeles").orElseThrow(), 100.0, DirectorySort.DISTANCE, 0, 20);
		assertThat(resultNames()).containsExactlyElementsOf(index.search(same).hits().stream().map(h -> h.provider().name()).toList());
		assertWellFormedPage("search-by-distance");
	}

	@Test
	void opensAProfile() {
		open("/");
		WebElement first = driver.findElement(By.cssSelector(".card h3 a"));
		String name = first.getText();
		navigate(first::click);

		assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(name);
		assertThat(driver.findElement(By.cssSelector("main .badge")).getText()).isIn("Registration verified",
				"Registered with conditions", "Not regulated here", "No current registration");
		assertThat(driver.findElements(By.cssSelector("table tbody tr"))).isNotEmpty();
		assertWellFormedPage("listing");
	}

	@Test
	void theQuestionnaireRanksThroughMatchingAndNothingTypedIsLogged(CapturedOutput output) {
		open("/help");
		assertWellFormedPage("help");
		int logBefore = output.getAll().length();
		driver.findElement(By.id("age-adults")).click();
		new Select(driver.findElement(By.id("concern"))).selectByValue("trauma");
		new Select(driver.findElement(By.id("language"))).selectByValue("es");
		new Select(driver.findElement(By.id("help-jurisdiction"))).selectByValue("US-CA");
		driver.findElement(By.id("help-town")).sendKeys("Los Angeles");
		navigate(() -> driver.findElement(By.cssSelector("form.questionnaire button[type=submit]")).click());

		Questionnaire answers = new Questionnaire("adults", "trauma", "es", "either", "US-CA", "Los Angeles");
		List<MatchResult> expected = index.match(answers.toRequest(gazetteer.locate("US-CA", "Los Angeles").orElseThrow(), 40), 10);
		assertThat(expected).isNotEmpty();
		assertThat(resultNames()).containsExactlyElementsOf(expected.stream().map(r -> r.provider().name()).toList());
		assertThat(driver.getCurrentUrl()).as("answers are posted, not put in the URL").endsWith("/help");
		String logged = output.getAll().substring(logBefore);
		assertThat(logged).doesNotContain("Los Angeles").doesNotContain("trauma").doesNotContain("age=");
		assertWellFormedPage("help-results");
	}

	@Test
	void aNameSearchIsNotLogged(CapturedOutput output) {
		open("/?q=Zyxwvutsrq");
		assertThat(driver.findElement(By.id("results-heading")).getText()).startsWith("0 therapists");
		assertThat(output.getAll()).doesNotContain("Zyxwvutsrq");
	}

	@Test
	void worksWithTheKeyboardOnly() {
		open("/");
		new Actions(driver).sendKeys(Keys.TAB).perform();
		assertThat(active().getText()).as("the first stop is the skip link").isEqualTo("Skip to main content");
		new Actions(driver).sendKeys(Keys.ENTER).perform();
		tabUntil(e -> "q".equals(e.getAttribute("id")));
		String surname = index.search(DirectoryQuery.all(1)).hits().get(0).provider().name().split("[ ,]")[1];
		new Actions(driver).sendKeys(surname).perform();
		tabUntil(e -> "button".equals(e.getTagName()));
		navigate(() -> new Actions(driver).sendKeys(Keys.ENTER).perform());
		assertThat(driver.getCurrentUrl()).contains("q=" + surname);

		tabUntil(e -> "a".equals(e.getTagName()) && e.getAttribute("href").contains("/listings/"));
		String name = active().getText();
		String outline = active().getCssValue("outline-style");
		assertThat(outline).as("focus is visible").isEqualTo("solid");
		navigate(() -> new Actions(driver).sendKeys(Keys.ENTER).perform());
		assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(name);
	}

	@Test
	void speaksSpanish() {
		open("/");
		navigate(() -> driver.findElement(By.cssSelector("a[hreflang=es]")).click());
		assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Buscar terapeuta");
		assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
		open("/help");
		assertThat(driver.findElement(By.tagName("h1")).getText()).as("the choice is remembered")
				.isEqualTo("Ayúdeme a encontrar a alguien");
		assertWellFormedPage("help-es");

		driver.findElement(By.id("age-adults")).click();
		new Select(driver.findElement(By.id("language"))).selectByValue("es");
		new Select(driver.findElement(By.id("help-jurisdiction"))).selectByValue("US-CA");
		navigate(() -> driver.findElement(By.cssSelector("form.questionnaire button[type=submit]")).click());
		MatchResult best = index.match(new Questionnaire("adults", null, "es", "either", "US-CA", null).toRequest(null, 40), 1).get(0);
		List<String> reasons = driver.findElements(By.cssSelector(".card:first-child .reasons li")).stream()
				.map(WebElement::getText).toList();
		assertThat(reasons).as("a reason per criterion, in Spanish, with codes named").hasSize(best.explanations().size())
				.anySatisfy(r -> assertThat(r).startsWith("espera habitual"))
				.anySatisfy(r -> assertThat(r).matches("habla español \\((fluido|bueno|básico)\\)"))
				.noneSatisfy(r -> assertThat(best.explanations()).extracting(MatchExplanation::detail).contains(r));
		assertWellFormedPage("help-results-es");
	}

	// ---- helpers ----

	private void open(String path) {
		driver.get("http://localhost:" + port + path);
	}

	private void check(String facet, String value) {
		WebElement box = driver.findElement(By.cssSelector("input[name=" + facet + "][value='" + value + "']"));
		if (!box.isSelected()) {
			driver.findElement(By.cssSelector("label[for='" + box.getAttribute("id") + "']")).click();
		}
	}

	private long facetCount(String facet, String value) {
		WebElement box = driver.findElement(By.cssSelector("input[name=" + facet + "][value='" + value + "']"));
		String count = driver.findElement(By.cssSelector("label[for='" + box.getAttribute("id") + "'] .count")).getText();
		return Long.parseLong(count.replaceAll("[()]", ""));
	}

	/**
	 * Does what leads to another page and waits until that page has replaced this one: a click
	 * returns before the browser has navigated, and reading the old page then passes or fails by luck.
	 */
	private static void navigate(Runnable action) {
		WebElement before = driver.findElement(By.tagName("html"));
		action.run();
		// Gone from the document: stale, or (while Chromium swaps documents) "does not belong to the document".
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
			try {
				before.isEnabled();
				return false;
			} catch (WebDriverException gone) {
				return true;
			}
		});
		new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> "complete".equals(
				((JavascriptExecutor) d).executeScript("return document.readyState")));
	}

	private static List<String> resultNames() {
		return driver.findElements(By.cssSelector(".card h3 a")).stream().map(WebElement::getText).toList();
	}

	private static WebElement active() {
		return driver.switchTo().activeElement();
	}

	private static void tabUntil(java.util.function.Predicate<WebElement> wanted) {
		for (int i = 0; i < 400 && !wanted.test(active()); i++) {
			new Actions(driver).sendKeys(Keys.TAB).perform();
		}
		assertThat(wanted.test(active())).as("reached by tabbing").isTrue();
	}

	/**
	 * Landmarks, a label for every field, one h1, no scripts at all, no sideways scrolling at
	 * phone width; then the screenshots.
	 */
	private static void assertWellFormedPage(String name) {
		assertThat(driver.findElements(By.tagName("script"))).as("no scripts").isEmpty();
		for (String landmark : List.of("header", "nav", "main", "footer")) {
			assertThat(driver.findElements(By.tagName(landmark))).as(landmark).isNotEmpty();
		}
		assertThat(driver.findElements(By.tagName("h1"))).hasSize(1);
		for (WebElement field : driver.findElements(By.cssSelector("input, select"))) {
			String id = field.getAttribute("id");
			assertThat(id).as("a field without an id").isNotBlank();
			assertThat(driver.findElements(By.cssSelector("label[for='" + id + "']"))).as("label for %s", id).isNotEmpty();
		}
		driver.manage().window().setSize(Browser.PHONE);
		Object overflow = ((JavascriptExecutor) driver)
				.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
		assertThat(((Number) overflow).intValue()).as("sideways scrolling at phone width on %s", name).isLessThanOrEqualTo(0);
		driver.manage().window().setSize(Browser.DESKTOP);
		Browser.screenshots(driver, name);
	}
}
