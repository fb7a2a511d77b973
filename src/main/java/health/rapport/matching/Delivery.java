package health.rapport.matching;

/** How a client wants to be seen. */
public enum Delivery {
	IN_PERSON, VIRTUAL, EITHER;

	public boolean allowsInPerson() {
		return this != VIRTUAL;
	}

	public boolean allowsVirtual() {
		return this != IN_PERSON;
	}
}
