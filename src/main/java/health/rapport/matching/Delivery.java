package health.rapport.matching;

/** How a client wants to be seen. */
public enum Delivery {
	IN_PERSON, VIRTUAL, EITHER;

	boolean allowsInPerson() {
		return this != VIRTUAL;
	}

	boolean allowsVirtual() {
		return this != IN_PERSON;
	}
}
