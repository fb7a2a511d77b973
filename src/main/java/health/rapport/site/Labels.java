package health.rapport.site;

import health.rapport.matching.Fee;
import health.rapport.matching.MatchExplanation;
import health.rapport.matching.Reason.Codes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Human names for the codes the directory holds, in the visitor's language: messages where the
 * site has them, the NUCC display name for professions, Java's own names for languages, else the code.
 * Templates call it as {@code @labels.of('modality', code)}.
 */
@Component("labels")
public class Labels {

	private final MessageSource messages;
	private final Map<String, String> professions = new HashMap<>();

	Labels(MessageSource messages) {
		this.messages = messages;
		try (var in = new BufferedReader(new InputStreamReader(
				Labels.class.getResourceAsStream("/reference-data/nucc-behavioral-health.csv"), StandardCharsets.UTF_8))) {
			in.lines().skip(1).map(l -> l.split(",")).filter(f -> f.length >= 5)
					.forEach(f -> professions.put(f[0], f[f.length - 1]));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public String of(String kind, String code) {
		Locale locale = LocaleContextHolder.getLocale();
		String fallback = switch (kind) {
			case "profession" -> professions.getOrDefault(code, code);
			case "language" -> {
				String name = Locale.forLanguageTag(code).getDisplayLanguage(locale);
				yield name.isEmpty() || name.equals(code) ? code : name;
			}
			default -> code;
		};
		return messages.getMessage(kind + "." + code, null, fallback, locale);
	}

	/** Why a criterion scored as it did, in the visitor's language, with codes named: "habla español (excelente)". */
	public String reason(MatchExplanation explanation) {
		Object[] args = explanation.reason().args().stream()
				.map(a -> a instanceof Codes c ? String.join(", ", c.codes().stream().map(code -> of(c.kind(), code)).toList()) : a)
				.toArray();
		return messages.getMessage("reason." + explanation.reason().key(), args, explanation.detail(), LocaleContextHolder.getLocale());
	}

	/** A fee in the visitor's language, e.g. "$120" or "120 US$"; cents only when it has them. */
	public String fee(Fee fee) {
		NumberFormat format = NumberFormat.getCurrencyInstance(LocaleContextHolder.getLocale());
		format.setCurrency(Currency.getInstance(fee.currency()));
		if (fee.amount().stripTrailingZeros().scale() <= 0) {
			format.setMinimumFractionDigits(0);
			format.setMaximumFractionDigits(0);
		}
		return format.format(fee.amount());
	}
}
