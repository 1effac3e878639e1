package io.tsunagu.ingest.codec.amqp;

/** Methods of class tx (class-id 90); none has arguments. */
public sealed interface TxMethod extends Method {

    /** The class-id of tx. */
    int CLASS_ID = 90;

    @Override
    default int classId() {
        return CLASS_ID;
    }

    @Override
    default void writeArguments(FieldWriter out) {
        // tx methods carry no arguments
    }

    /** tx.select (10). */
    record Select() implements TxMethod {
        public int methodId() {
            return 10;
        }
    }

    /** tx.select-ok (11). */
    record SelectOk() implements TxMethod {
        public int methodId() {
            return 11;
        }
    }

    /** tx.commit (20). */
    record Commit() implements TxMethod {
        public int methodId() {
            return 20;
        }
    }

    /** tx.commit-ok (21). */
    record CommitOk() implements TxMethod {
        public int methodId() {
            return 21;
        }
    }

    /** tx.rollback (30). */
    record Rollback() implements TxMethod {
        public int methodId() {
            return 30;
        }
    }

    /** tx.rollback-ok (31). */
    record RollbackOk() implements TxMethod {
        public int methodId() {
            return 31;
        }
    }
}
