package health.rapport.registry;

import health.rapport.registry.api.dto.RegistrationStatusDto;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Query parameters carry the status code ("registered-with-conditions"), not the Java constant's name. */
@Component
class RegistrationStatusConverter implements Converter<String, RegistrationStatusDto> {

	@Override
	public RegistrationStatusDto convert(String code) {
		try {
			return RegistrationStatusDto.fromValue(code);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("status '" + code + "' is not one of " + java.util.Arrays.stream(
					RegistrationStatusDto.values()).map(RegistrationStatusDto::getValue).toList());
		}
	}
}
