package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --rebuild-provider-index}, as an operator runs it: a separate process on the
 * application's classpath that loads a small demo directory, rebuilds the index with a progress
 * line, reports the count and exits 0 without taking an HTTP port.
 */
class RebuildCommandIT {

	@TempDir
	Path work;

	@Test
	void theCommandRebuildsTheIndexWithProgressAndExits() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"health.rapport.RapportApplication", "--rebuild-provider-index", "--spring.profiles.active=it",
				"--rapport.demo-data.enabled=true", "--rapport.demo-data.practitioners=60",
				"--rapport.matching.index-dir=" + work.resolve("index"), "--server.port=1"))
				.redirectErrorStream(true).redirectOutput(work.resolve("out.log").toFile()).start();

		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("exits").isTrue();
		String output = Files.readString(work.resolve("out.log"), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("Rebuilding the provider index: 0 / ");
		Matcher done = Pattern.compile("Provider index rebuilt: ([\\d,]+) roles").matcher(output);
		assertThat(done.find()).as(output).isTrue();
		assertThat(Long.parseLong(done.group(1).replace(",", ""))).isGreaterThanOrEqualTo(60);
		assertThat(output).as("no web server").doesNotContain("Tomcat started");
	}
}
