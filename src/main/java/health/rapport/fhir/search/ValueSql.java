package health.rapport.fhir.search;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** SQL conditions comparing one typed search table's columns with the OR-values of a parameter. */
final class ValueSql {

	static final List<String> TOKEN_MODIFIERS = List.of("not");
	static final List<String> STRING_MODIFIERS = List.of("exact", "contains");
	static final List<String> URI_MODIFIERS = List.of("below");

	private ValueSql() {}

	static Sql token(List<String> values) {
		return any(values, value -> {
			int bar = unescapedBar(value);
			if (bar < 0) {
				return Sql.of("code = ?", unescape(value));
			}
			String system = unescape(value.substring(0, bar));
			String code = unescape(value.substring(bar + 1));
			if (system.isEmpty()) {
				return Sql.of("(system is null and code = ?)", code);
			}
			return code.isEmpty() ? Sql.of("system = ?", system) : Sql.of("(system = ? and code = ?)", system, code);
		});
	}

	static Sql string(List<String> values, String modifier) {
		return any(values, value -> {
			if ("exact".equals(modifier)) {
				return Sql.of("exact = ?", Normalizer.truncate(value));
			}
			String prefix = Normalizer.normalize(value);
			if ("contains".equals(modifier)) {
				return Sql.of("norm like ? escape '!'", "%" + escapeLike(prefix) + "%");
			}
			// A prefix is an index range: [prefix, prefix with its last character incremented).
			if (prefix.isEmpty() || prefix.charAt(prefix.length() - 1) == Character.MAX_VALUE) {
				return Sql.of("norm like ? escape '!'", escapeLike(prefix) + "%");
			}
			String upper = prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
			return Sql.of("(norm >= ? and norm < ?)", prefix, upper);
		});
	}

	static Sql reference(List<String> values, String typeModifier) {
		return any(values, value -> {
			if (value.startsWith("http://") || value.startsWith("https://") || value.startsWith("urn:")) {
				return Sql.of("target_url = ?", value);
			}
			ReferenceTarget target = ReferenceTarget.parse(value);
			if (target.type() != null) {
				return Sql.of("(target_type = ? and target_id = ?)", target.type(), target.id());
			}
			return typeModifier == null ? Sql.of("target_id = ?", value)
					: Sql.of("(target_type = ? and target_id = ?)", typeModifier, value);
		});
	}

	static Sql uri(List<String> values, String modifier) {
		return any(values, value -> "below".equals(modifier) ? Sql.of("uri like ? escape '!'", escapeLike(value) + "%")
				: Sql.of("uri = ?", value));
	}

	/** Date comparison per the FHIR rules for ranges: the resource's [low, high] against the value's. */
	static Sql date(List<String> values, String lowColumn, String highColumn, String modifier) {
		return any(values, value -> {
			DateParam param;
			try {
				param = new DateParam(value);
			} catch (DataFormatException | IllegalArgumentException e) {
				throw new InvalidRequestException("Invalid date \"" + value + "\": expected [prefix]YYYY[-MM[-DD[Thh:mm:ss[.sss]Z]]]");
			}
			if (param.getValue() == null) {
				throw new InvalidRequestException("Invalid date \"" + value + "\"");
			}
			long lo = param.getValue().getTime();
			long hi = SearchValueExtractor.upperBound(param.getValue(), param.getPrecision());
			ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
			return compareRange(prefix, lowColumn, highColumn, lo, hi, (hi - lo) / 10);
		});
	}

	static Sql number(List<String> values, String modifier) {
		return any(values, raw -> {
			String[] parts = raw.split("\\|", 3);
			String value = parts[0];
			ParamPrefixEnum prefix = ParamPrefixEnum.EQUAL;
			if (value.length() > 2 && Character.isLetter(value.charAt(0))) {
				prefix = ParamPrefixEnum.forValue(value.substring(0, 2));
				value = value.substring(2);
			}
			BigDecimal number;
			try {
				number = new BigDecimal(value);
			} catch (NumberFormatException e) {
				throw new InvalidRequestException("Invalid number \"" + raw + "\"");
			}
			if (prefix == null) {
				throw new InvalidRequestException("Invalid prefix in \"" + raw + "\"");
			}
			BigDecimal half = BigDecimal.ONE.scaleByPowerOfTen(-Math.max(number.scale(), 0)).divide(BigDecimal.valueOf(2));
			Sql comparison = compareNumber(prefix, number, half);
			if (parts.length == 3) {
				List<Sql> unit = new ArrayList<>(List.of(comparison));
				if (!parts[1].isEmpty()) {
					unit.add(Sql.of("system = ?", parts[1]));
				}
				if (!parts[2].isEmpty()) {
					unit.add(Sql.of("code = ?", parts[2]));
				}
				return Sql.join(" and ", unit).wrap("(", ")");
			}
			return comparison;
		});
	}

	private static Sql compareNumber(ParamPrefixEnum prefix, BigDecimal n, BigDecimal half) {
		return switch (prefix) {
			case EQUAL -> Sql.of("(num >= ? and num < ?)", n.subtract(half), n.add(half));
			case NOT_EQUAL -> Sql.of("(num < ? or num >= ?)", n.subtract(half), n.add(half));
			case GREATERTHAN, STARTS_AFTER -> Sql.of("num > ?", n);
			case LESSTHAN, ENDS_BEFORE -> Sql.of("num < ?", n);
			case GREATERTHAN_OR_EQUALS -> Sql.of("num >= ?", n);
			case LESSTHAN_OR_EQUALS -> Sql.of("num <= ?", n);
			case APPROXIMATE -> Sql.of("(num >= ? and num <= ?)", n.multiply(new BigDecimal("0.9")), n.multiply(new BigDecimal("1.1")));
		};
	}

	private static Sql compareRange(ParamPrefixEnum prefix, String low, String high, long lo, long hi, long slack) {
		return switch (prefix) {
			case EQUAL -> Sql.of("(" + low + " >= ? and " + high + " <= ?)", lo, hi);
			case NOT_EQUAL -> Sql.of("(" + low + " < ? or " + high + " > ?)", lo, hi);
			case GREATERTHAN -> Sql.of(high + " > ?", hi);
			case LESSTHAN -> Sql.of(low + " < ?", lo);
			case GREATERTHAN_OR_EQUALS -> Sql.of(high + " >= ?", lo);
			case LESSTHAN_OR_EQUALS -> Sql.of(low + " <= ?", hi);
			case STARTS_AFTER -> Sql.of(low + " > ?", hi);
			case ENDS_BEFORE -> Sql.of(high + " < ?", lo);
			case APPROXIMATE -> Sql.of("(" + low + " <= ? and " + high + " >= ?)", hi + slack, lo - slack);
		};
	}

	private static Sql any(List<String> values, Function<String, Sql> one) {
		return Sql.join(" or ", values.stream().map(one).toList());
	}

	private static int unescapedBar(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) == '\\') {
				i++;
			} else if (value.charAt(i) == '|') {
				return i;
			}
		}
		return -1;
	}

	private static String unescape(String value) {
		return value.replace("\\|", "|").replace("\\$", "$").replace("\\\\", "\\");
	}

	private static String escapeLike(String value) {
		return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}
}
