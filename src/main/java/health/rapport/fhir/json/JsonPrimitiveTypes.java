package health.rapport.fhir.json;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeArray;
import ca.uhn.fhir.parser.json.BaseJsonLikeObject;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import java.util.Iterator;
import org.hl7.fhir.instance.model.api.IBaseBooleanDatatype;
import org.hl7.fhir.instance.model.api.IBaseDecimalDatatype;
import org.hl7.fhir.instance.model.api.IBaseIntegerDatatype;

/**
 * Finds primitives given as the wrong JSON type: {@code "active":"true"}, {@code "birthDate":19800101}.
 * FHIR's JSON gives booleans as JSON booleans, integers and decimals as numbers and every other
 * primitive as a string; HAPI reads any scalar as the primitive's text, so it would take all of
 * these. Each is reported to the parser's error handler as HAPI reports a wrong JSON type
 * ({@link IParserErrorHandler#incorrectJsonType}), which the server's strict handler makes a 400.
 * Everything else (unknown elements, an object where a list belongs) is left to HAPI, as before.
 */
public final class JsonPrimitiveTypes {

	private final FhirContext context;
	private final IParserErrorHandler errors;

	private JsonPrimitiveTypes(FhirContext context, IParserErrorHandler errors) {
		this.context = context;
		this.errors = errors;
	}

	/** Checks a resource (its contained and nested resources too) before HAPI parses it. */
	public static void check(FhirContext context, BaseJsonLikeObject resource, IParserErrorHandler errors) {
		new JsonPrimitiveTypes(context, errors).resource(resource, "");
	}

	private void resource(BaseJsonLikeObject json, String path) {
		BaseJsonLikeValue type = json.get("resourceType");
		if (type == null || !type.isString() || !context.getResourceTypes().contains(type.getAsString())) {
			return; // HAPI refuses it, naming what is wrong
		}
		composite(json, context.getResourceDefinition(type.getAsString()), path.isEmpty() ? type.getAsString() : path);
	}

	private void composite(BaseJsonLikeObject json, BaseRuntimeElementCompositeDefinition<?> definition, String path) {
		for (Iterator<String> names = json.keyIterator(); names.hasNext();) {
			String name = names.next();
			BaseJsonLikeValue value = json.get(name);
			if (name.startsWith("_") && name.length() > 1) {
				// A primitive's id and extensions, in an object (or a list of them, for a list of primitives).
				each(value, path + "." + name, (item, at) -> {
					if (item.isObject()) {
						composite(item.getAsObject(), extension(), at);
					}
				});
				continue;
			}
			BaseRuntimeChildDefinition child = definition.getChildByName(name);
			// HAPI's extension children do not look their own names up (an assertion fails): Extension it is.
			BaseRuntimeElementDefinition<?> element = "extension".equals(name) || "modifierExtension".equals(name) ? extension()
					: child == null ? null : child.getChildByName(name);
			if (element != null) {
				BaseRuntimeElementDefinition<?> of = element;
				each(value, path + "." + name, (item, at) -> value(item, of, at));
			}
		}
	}

	private void value(BaseJsonLikeValue json, BaseRuntimeElementDefinition<?> definition, String path) {
		switch (definition.getChildType()) {
			case PRIMITIVE_DATATYPE, ID_DATATYPE, PRIMITIVE_XHTML, PRIMITIVE_XHTML_HL7ORG -> primitive(json, definition, path);
			case COMPOSITE_DATATYPE, RESOURCE_BLOCK -> {
				if (json.isObject()) {
					composite(json.getAsObject(), (BaseRuntimeElementCompositeDefinition<?>) definition, path);
				}
			}
			case RESOURCE, CONTAINED_RESOURCE_LIST, CONTAINED_RESOURCES -> {
				if (json.isObject()) {
					resource(json.getAsObject(), path);
				}
			}
			default -> {
				// an undeclared extension's own kinds: HAPI reads them as extensions
			}
		}
	}

	private void primitive(BaseJsonLikeValue json, BaseRuntimeElementDefinition<?> definition, String path) {
		if (!json.isScalar() || json.isNull()) {
			return; // an object or a list where a primitive belongs is HAPI's to refuse; null pairs with a "_" list
		}
		Class<?> type = definition.getImplementingClass();
		ScalarType expected = IBaseBooleanDatatype.class.isAssignableFrom(type) ? ScalarType.BOOLEAN
				: IBaseIntegerDatatype.class.isAssignableFrom(type) || IBaseDecimalDatatype.class.isAssignableFrom(type)
						? ScalarType.NUMBER : ScalarType.STRING;
		if (json.getDataType() != expected) {
			int dot = path.lastIndexOf('.');
			errors.incorrectJsonType(() -> path.substring(0, Math.max(dot, 0)), path, ValueType.SCALAR, expected,
					ValueType.SCALAR, json.getDataType());
		}
	}

	private BaseRuntimeElementCompositeDefinition<?> extension() {
		return (BaseRuntimeElementCompositeDefinition<?>) context.getElementDefinition("Extension");
	}

	/** Calls {@code visit} on a value, or on each item of a list, with its path. */
	private static void each(BaseJsonLikeValue value, String path, Visit visit) {
		if (value == null) {
			return;
		}
		if (value.isArray()) {
			BaseJsonLikeArray items = value.getAsArray();
			for (int i = 0; i < items.size(); i++) {
				if (items.get(i) != null) {
					visit.accept(items.get(i), path + "[" + i + "]");
				}
			}
		} else {
			visit.accept(value, path);
		}
	}

	private interface Visit {
		void accept(BaseJsonLikeValue value, String path);
	}
}
