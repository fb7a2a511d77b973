package health.rapport.fhir.search;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.rapport.fhir.conformance.CodeHierarchy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns one search criterion into SQL. A positive criterion on a parameter is a query for the
 * keys of the matching resources over the typed search tables ({@link #keys}); chains join
 * through {@code sp_reference} to the target. Criteria that need the resource row itself (its
 * id or last-updated, a negation, a reverse chain) are conditions on a resource row alias.
 */
final class CriterionSql {

	private final SearchParameterRegistry registry;
	private final CodeHierarchy hierarchy;
	private final AtomicInteger aliases = new AtomicInteger();

	CriterionSql(SearchParameterRegistry registry, CodeHierarchy hierarchy) {
		this.registry = registry;
		this.hierarchy = hierarchy;
	}

	/** A condition on the resource row {@code alias}. */
	Sql condition(String alias, String type, String name, List<String> values) {
		Sql keys = keys(type, name, values);
		if (keys != null) {
			return keys.wrap(alias + ".pk in (", ")");
		}
		if (name.startsWith("_has:")) {
			return reverseChain(alias, type, name, values);
		}
		String[] codeAndModifier = name.split(":", 2);
		String code = codeAndModifier[0];
		String modifier = codeAndModifier.length > 1 ? codeAndModifier[1] : null;
		SearchParam param = param(type, code);
		if ("missing".equals(modifier)) {
			boolean missing = Boolean.parseBoolean(values.get(0));
			Sql present = Sql.of(alias + ".pk in (select res_pk from " + table(param.type()) + " where param = ?)", param.id());
			return missing ? present.wrap("not (", ")") : present;
		}
		if (code.equals("_id")) {
			return idCondition(alias, modifier, values);
		}
		if (code.equals("_lastUpdated")) {
			checkModifier(modifier, name, List.of());
			return ValueSql.date(values, alias + ".last_updated", alias + ".last_updated", null).wrap("(", ")");
		}
		// What remains is token :not: the resources without a matching token, including those without any.
		if (param.type() != ParamType.TOKEN) {
			throw new InvalidRequestException("Modifier :not is for token parameters; \"" + code + "\" is a "
					+ param.type().name().toLowerCase(Locale.ROOT) + " parameter");
		}
		checkModifier(modifier, name, ValueSql.TOKEN_MODIFIERS);
		return tokenKeys(param, values).wrap("not (" + alias + ".pk in (", "))");
	}

	/**
	 * The query for the keys of the resources a positive criterion matches, or null when the
	 * criterion is not of that kind.
	 */
	Sql keys(String type, String name, List<String> values) {
		// _id and _lastUpdated are columns of the resource row; _tag, _profile and the like are
		// parameters as any other.
		if (name.startsWith("_has:") || SearchParameterRegistry.RESOURCE_COLUMNS.contains(name.split(":", 2)[0])) {
			return null;
		}
		int dot = name.indexOf('.');
		if (dot > 0) {
			return chain(type, name.substring(0, dot), name.substring(dot + 1), values);
		}
		String[] codeAndModifier = name.split(":", 2);
		String modifier = codeAndModifier.length > 1 ? codeAndModifier[1] : null;
		if ("missing".equals(modifier) || "not".equals(modifier)) {
			return null;
		}
		SearchParam param = param(type, codeAndModifier[0]);
		List<String> each = param.type() == ParamType.TOKEN
				? subsumed(values, checkModifier(modifier, name, List.of("below", "above"))) : values;
		if (each.size() > 1 && param.type() != ParamType.SPECIAL) {
			// One indexed lookup per value (or per code under a :below one): with the values or-ed in
			// one query, H2 reads every row of the parameter (a thousand targets took seconds at
			// 100,000 resources).
			String single = param.type() == ParamType.TOKEN ? codeAndModifier[0] : name;
			return Sql.join(" union all ", each.stream().map(v -> keys(type, single, List.of(v))).toList());
		}
		Sql valueCondition = switch (param.type()) {
			case TOKEN -> ValueSql.token(each);
			case STRING -> ValueSql.string(values, checkModifier(modifier, name, ValueSql.STRING_MODIFIERS));
			case REFERENCE -> modifier != null && Character.isUpperCase(modifier.charAt(0)) ? ValueSql.reference(values, modifier)
					: ValueSql.reference(values, checkModifier(modifier, name, List.of()));
			case DATE -> ValueSql.date(values, "low", "high", checkModifier(modifier, name, List.of()));
			case NUMBER, QUANTITY -> ValueSql.number(values, checkModifier(modifier, name, List.of()));
			case URI -> ValueSql.uri(values, checkModifier(modifier, name, ValueSql.URI_MODIFIERS));
			case SPECIAL -> throw new InvalidRequestException("Parameter \"" + param.code() + "\" cannot be combined this way");
		};
		return keysWhere(param, valueCondition);
	}

	/** With {@code :below} or {@code :above}, each code and the codes under (over) it in its code system. */
	private List<String> subsumed(List<String> values, String modifier) {
		if (modifier == null) {
			return values;
		}
		List<String> expanded = new ArrayList<>();
		for (String value : values) {
			int bar = value.indexOf('|');
			String system = bar < 0 ? null : value.substring(0, bar);
			String code = value.substring(bar + 1);
			var codes = modifier.equals("below") ? hierarchy.selfAndDescendants(system, code)
					: hierarchy.selfAndAncestors(system, code);
			codes.forEach(c -> expanded.add(system == null ? c : system + "|" + c));
		}
		return expanded;
	}

	private SearchParam param(String type, String code) {
		return registry.find(type, code)
				.orElseThrow(() -> new InvalidRequestException("Unknown search parameter \"" + code + "\" for " + type));
	}

	private Sql tokenKeys(SearchParam param, List<String> values) {
		return keysWhere(param, ValueSql.token(values));
	}

	private static Sql keysWhere(SearchParam param, Sql valueCondition) {
		return Sql.of("select res_pk from " + table(param.type()) + " where param = ? and (", param.id())
				.then(valueCondition).then(Sql.of(")"));
	}

	private static String checkModifier(String modifier, String name, List<String> allowed) {
		if (modifier != null && !allowed.contains(modifier)) {
			throw new InvalidRequestException("Unsupported modifier in \"" + name + "\"");
		}
		return modifier;
	}

	private Sql idCondition(String alias, String modifier, List<String> values) {
		List<Sql> ors = new ArrayList<>();
		for (String value : values) {
			ors.add(Sql.of(alias + ".res_id = ?", value.contains("/") ? value.substring(value.lastIndexOf('/') + 1) : value));
		}
		Sql any = Sql.join(" or ", ors).wrap("(", ")");
		return "not".equals(checkModifier(modifier, "_id", List.of("not"))) ? any.wrap("not ", "") : any;
	}

	/** Keys of the resources whose reference {@code head} points to a target matching {@code rest}. */
	private Sql chain(String type, String head, String rest, List<String> values) {
		String[] codeAndType = head.split(":", 2);
		SearchParam ref = registry.find(type, codeAndType[0])
				.filter(p -> p.type() == ParamType.REFERENCE)
				.orElseThrow(() -> new InvalidRequestException("\"" + head + "\" is not a reference parameter of " + type));
		List<String> targets = codeAndType.length > 1 ? List.of(codeAndType[1]) : chainTargets(ref, rest);
		List<Sql> perTarget = new ArrayList<>();
		for (String target : targets) {
			int n = aliases.incrementAndGet();
			String t = "t" + n;
			String r = "ref" + n;
			Sql inner = condition(t, target, rest, values);
			perTarget.add(Sql.of("select " + r + ".res_pk from sp_reference " + r + " join fhir_resource " + t + " on " + t
					+ ".res_type = " + r + ".target_type and " + t + ".res_id = " + r + ".target_id where " + r + ".param = ? and "
					+ t + ".res_type = ? and " + t + ".deleted = false and ", ref.id(), target).then(inner));
		}
		return Sql.join(" union ", perTarget);
	}

	/** The targets of a reference parameter on which the chained parameter exists. */
	private List<String> chainTargets(SearchParam ref, String rest) {
		String next = rest.split("[:.]", 2)[0];
		List<String> targets = ref.targets().stream().sorted()
				.filter(t -> next.startsWith("_has") || registry.find(t, next).isPresent()).toList();
		if (targets.isEmpty()) {
			throw new InvalidRequestException("No target of " + ref.key() + " has a search parameter \"" + next + "\"");
		}
		return targets;
	}

	private Sql reverseChain(String alias, String type, String name, List<String> values) {
		String[] parts = name.split(":", 4);
		if (parts.length < 4) {
			throw new InvalidRequestException("Invalid \"" + name + "\": expected _has:Type:reference:parameter");
		}
		String sourceType = parts[1];
		SearchParam ref = registry.find(sourceType, parts[2]).filter(p -> p.type() == ParamType.REFERENCE)
				.orElseThrow(() -> new InvalidRequestException("\"" + parts[2] + "\" is not a reference parameter of " + sourceType));
		int n = aliases.incrementAndGet();
		String s = "s" + n;
		String r = "ref" + n;
		Sql inner = condition(s, sourceType, parts[3], values);
		return Sql.of(alias + ".res_id in (select " + r + ".target_id from sp_reference " + r + " join fhir_resource " + s
				+ " on " + s + ".pk = " + r + ".res_pk where " + r + ".param = ? and " + r + ".target_type = ? and " + s
				+ ".res_type = ? and ", ref.id(), type, sourceType)
				.then(inner).then(Sql.of(")"));
	}

	static String table(ParamType type) {
		return switch (type) {
			case TOKEN -> "sp_token";
			case STRING -> "sp_string";
			case REFERENCE -> "sp_reference";
			case DATE -> "sp_date";
			case NUMBER, QUANTITY -> "sp_number";
			case URI -> "sp_uri";
			case SPECIAL -> "sp_coords";
		};
	}
}
