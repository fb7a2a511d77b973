package health.rapport.security;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Serves the SMART configuration at its exact path, ahead of the FHIR servlet's {@code /fhir/*}. */
@Configuration
class SmartConfiguration {

	@Bean
	ServletRegistrationBean<SmartConfigurationServlet> smartConfigurationServlet(SecurityProperties properties) {
		ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
				new SmartConfigurationServlet(properties), "/fhir/.well-known/smart-configuration");
		registration.setName("smart-configuration");
		return registration;
	}
}
