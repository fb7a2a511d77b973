package health.rapport.fhir.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import health.rapport.fhir.store.SearchRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Turns a resource into its search rows by evaluating each of its type's search parameters'
 * FHIRPath expressions: no code per parameter, only per FHIR data type.
 */
@Component
public class SearchValueExtractor {

	private final SearchParameterRegistry registry;
	private final IFhirPath fhirPath;
	private final FhirContext fhirContext;

	public SearchValueExtractor(SearchParameterRegistry registry, @Lazy IFhirPath fhirPath, FhirContext fhirContext) {
		this.registry = registry;
		this.fhirPath = fhirPath;
		this.fhirContext = fhirContext;
	}

	public List<SearchRow> extract(IBaseResource resource) {
		String type = fhirContext.getResourceType(resource);
		Set<SearchRow> rows = new LinkedHashSet<>();
		for (SearchParam param : registry.forType(type).values()) {
			if (param.parsed() == null || SearchParameterRegistry.RESOURCE_COLUMNS.contains(param.code())) {
				continue;
			}
			for (IBase value : fhirPath.evaluate(resource, param.parsed(), IBase.class)) {
				add(rows, param, value);
			}
		}
		return new ArrayList<>(rows);
	}

	private void add(Set<SearchRow> rows, SearchParam param, IBase value) {
		int key = param.id();
		switch (param.type()) {
			case TOKEN -> tokens(rows, key, value);
			case STRING -> strings(rows, key, value);
			case REFERENCE -> reference(rows, key, value);
			case DATE -> date(rows, key, value);
			case NUMBER, QUANTITY -> number(rows, key, value);
			case URI -> {
				if (value instanceof PrimitiveType<?> p && p.hasValue()) {
					rows.add(new SearchRow.Uri(key, p.getValueAsString()));
				}
			}
			case SPECIAL -> {
				if (value instanceof Location.LocationPositionComponent pos && pos.hasLatitude() && pos.hasLongitude()) {
					rows.add(new SearchRow.Coords(key, pos.getLatitude().doubleValue(), pos.getLongitude().doubleValue()));
				}
			}
		}
	}

	private static void tokens(Set<SearchRow> rows, int key, IBase value) {
		if (value instanceof CodeableConcept cc) {
			cc.getCoding().forEach(c -> tokens(rows, key, c));
		} else if (value instanceof Coding c && c.hasCode()) {
			rows.add(new SearchRow.Token(key, c.getSystem(), c.getCode()));
		} else if (value instanceof Identifier id && id.hasValue()) {
			rows.add(new SearchRow.Token(key, id.getSystem(), id.getValue()));
		} else if (value instanceof ContactPoint cp && cp.hasValue()) {
			rows.add(new SearchRow.Token(key, null, cp.getValue()));
		} else if (value instanceof Enumeration<?> e && e.hasValue()) {
			rows.add(new SearchRow.Token(key, e.getSystem(), e.getValueAsString()));
		} else if (value instanceof BooleanType b && b.hasValue()) {
			rows.add(new SearchRow.Token(key, null, b.getValueAsString()));
		} else if (value instanceof PrimitiveType<?> p && p.hasValue()) {
			rows.add(new SearchRow.Token(key, null, p.getValueAsString()));
		}
	}

	private static void strings(Set<SearchRow> rows, int key, IBase value) {
		if (value instanceof HumanName n) {
			text(rows, key, n.getFamily());
			n.getGiven().forEach(g -> text(rows, key, g.getValue()));
			n.getPrefix().forEach(g -> text(rows, key, g.getValue()));
			n.getSuffix().forEach(g -> text(rows, key, g.getValue()));
			text(rows, key, n.getText());
		} else if (value instanceof Address a) {
			a.getLine().forEach(l -> text(rows, key, l.getValue()));
			text(rows, key, a.getCity());
			text(rows, key, a.getDistrict());
			text(rows, key, a.getState());
			text(rows, key, a.getPostalCode());
			text(rows, key, a.getCountry());
			text(rows, key, a.getText());
		} else if (value instanceof PrimitiveType<?> p && p.hasValue()) {
			text(rows, key, p.getValueAsString());
		}
	}

	private static void text(Set<SearchRow> rows, int key, String value) {
		if (value != null && !value.isBlank()) {
			rows.add(new SearchRow.Text(key, Normalizer.normalize(value), Normalizer.truncate(value)));
		}
	}

	private static void reference(Set<SearchRow> rows, int key, IBase value) {
		String url = value instanceof Reference r ? r.getReference()
				: value instanceof UriType u ? u.getValue() : null;
		if (url == null || url.isBlank() || url.startsWith("#")) {
			return;
		}
		ReferenceTarget target = ReferenceTarget.parse(url);
		rows.add(new SearchRow.Ref(key, target.type(), target.id(), Normalizer.truncate(url)));
	}

	private static void date(Set<SearchRow> rows, int key, IBase value) {
		if (value instanceof BaseDateTimeType d && d.getValue() != null) {
			long low = d.getValue().getTime();
			rows.add(new SearchRow.Date(key, low, upperBound(d.getValue(), d.getPrecision())));
		} else if (value instanceof Period p && (p.hasStart() || p.hasEnd())) {
			long low = p.hasStart() ? p.getStart().getTime() : Long.MIN_VALUE;
			long high = p.hasEnd() ? upperBound(p.getEnd(), p.getEndElement().getPrecision()) : Long.MAX_VALUE;
			rows.add(new SearchRow.Date(key, low, high));
		}
	}

	static long upperBound(Date value, TemporalPrecisionEnum precision) {
		return precision.add(value, 1).getTime() - 1;
	}

	private static void number(Set<SearchRow> rows, int key, IBase value) {
		if (value instanceof Quantity q && q.hasValue()) {
			rows.add(new SearchRow.Number(key, q.getValue(), q.getSystem(), q.hasCode() ? q.getCode() : q.getUnit()));
		} else if (value instanceof Money m && m.hasValue()) {
			rows.add(new SearchRow.Number(key, m.getValue(), "urn:iso:std:iso:4217", m.getCurrency()));
		} else if (value instanceof PrimitiveType<?> p && p.hasValue()) {
			rows.add(new SearchRow.Number(key, new BigDecimal(p.getValueAsString()), null, null));
		}
	}
}
