package health.rapport.registry;

/** An admin changed the regime table: where practitioners may practise must be worked out again. */
public record RegimeChanged(String jurisdiction, String profession, String regime) {}
