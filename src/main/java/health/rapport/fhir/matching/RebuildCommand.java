package health.rapport.fhir.matching;

import java.io.PrintStream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar rapport.jar --rebuild-provider-index}: rebuilds the provider index from the
 * store with a progress line on the terminal, then exits (0 when done, 1 when it failed).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class RebuildCommand implements ApplicationRunner {

	static final String OPTION = "rebuild-provider-index";

	private final ProviderIndexSync sync;
	private final ConfigurableApplicationContext context;

	RebuildCommand(ProviderIndexSync sync, ConfigurableApplicationContext context) {
		this.sync = sync;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!args.containsOption(OPTION)) {
			return;
		}
		PrintStream out = System.out;
		int code;
		try {
			RebuildProgress done = sync.rebuild(progress -> out.print("\r" + progress.line()));
			out.println();
			out.printf("Provider index rebuilt: %,d roles in %.1f s%n", done.done(), (done.finishedAt() - done.startedAt()) / 1000.0);
			code = 0;
		} catch (RuntimeException e) {
			out.println();
			out.println("Provider index rebuild failed: " + e.getMessage());
			code = 1;
		}
		int exit = code;
		System.exit(SpringApplication.exit(context, () -> exit));
	}
}
