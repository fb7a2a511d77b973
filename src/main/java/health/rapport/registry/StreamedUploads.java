package health.rapport.registry;

import java.io.IOException;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A register file reaches the import as the request's stream, read row by row as it arrives.
 * The generated API takes the body as a {@link Resource}, which Spring's own converter reads
 * into one byte array first: a million-row file held whole in memory before its first row applies.
 */
@Configuration
class StreamedUploads implements WebMvcConfigurer {

	@Override
	public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
		converters.add(0, new ResourceHttpMessageConverter() {
			@Override
			protected Resource readInternal(Class<? extends Resource> type, HttpInputMessage input) throws IOException {
				return type.isAssignableFrom(InputStreamResource.class) ? new InputStreamResource(input.getBody())
						: super.readInternal(type, input);
			}
		});
	}
}
