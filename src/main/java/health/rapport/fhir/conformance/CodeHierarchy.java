package health.rapport.fhir.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.springframework.stereotype.Component;

/**
 * The is-a hierarchies of the package's code systems: a concept's parents are the concept it is
 * nested under plus any {@code parent} property (a concept may sit in two families, as TF-CBT
 * does). Token {@code :below} search and matching's "same family" scoring read it.
 */
@Component
public class CodeHierarchy {

	private final Map<String, Map<String, Concept>> bySystem = new HashMap<>();

	/** One concept: its display, its parents' codes and its properties. */
	public record Concept(String code, String display, List<String> parents, Map<String, Object> properties) {}

	public CodeHierarchy(ConformancePackage fhirPackage) {
		for (var resource : fhirPackage.resources()) {
			if (resource instanceof CodeSystem cs) {
				Map<String, Concept> concepts = new HashMap<>();
				collect(cs.getConcept(), null, concepts);
				bySystem.put(cs.getUrl(), concepts);
			}
		}
	}

	public boolean knows(String system) {
		return bySystem.containsKey(system);
	}

	public Optional<Concept> concept(String system, String code) {
		return Optional.ofNullable(bySystem.getOrDefault(system, Map.of()).get(code));
	}

	/** The code and every code below it, in systems that define it; just the code where none does. */
	public Set<String> selfAndDescendants(String system, String code) {
		Set<String> result = new LinkedHashSet<>();
		result.add(code);
		for (var entry : bySystem.entrySet()) {
			if ((system == null || system.equals(entry.getKey())) && entry.getValue().containsKey(code)) {
				boolean grew = true;
				while (grew) {
					grew = false;
					for (Concept c : entry.getValue().values()) {
						if (!result.contains(c.code()) && c.parents().stream().anyMatch(result::contains)) {
							grew |= result.add(c.code());
						}
					}
				}
			}
		}
		return result;
	}

	/** The code and every code above it. */
	public Set<String> selfAndAncestors(String system, String code) {
		Set<String> result = new LinkedHashSet<>();
		List<String> todo = new ArrayList<>(List.of(code));
		while (!todo.isEmpty()) {
			String next = todo.remove(todo.size() - 1);
			if (result.add(next)) {
				concept(system, next).ifPresent(c -> todo.addAll(c.parents()));
			}
		}
		return result;
	}

	private static void collect(List<ConceptDefinitionComponent> concepts, String parent, Map<String, Concept> into) {
		for (ConceptDefinitionComponent c : concepts) {
			List<String> parents = new ArrayList<>();
			if (parent != null) {
				parents.add(parent);
			}
			Map<String, Object> properties = new HashMap<>();
			for (ConceptPropertyComponent p : c.getProperty()) {
				if (p.getCode().equals("parent")) {
					parents.add(p.getValueCodeType().getCode());
				} else {
					properties.put(p.getCode(), p.getValue().primitiveValue());
				}
			}
			into.put(c.getCode(), new Concept(c.getCode(), c.getDisplay(), List.copyOf(parents), Map.copyOf(properties)));
			collect(c.getConcept(), c.getCode(), into);
		}
	}
}
