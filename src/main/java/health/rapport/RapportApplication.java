package health.rapport;

import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class RapportApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(RapportApplication.class);
		if (List.of(args).contains("--rebuild-provider-index")) {
			// A one-off command: no HTTP port taken, so it runs beside a serving instance.
			application.setWebApplicationType(WebApplicationType.NONE);
		}
		application.run(args);
	}
}
