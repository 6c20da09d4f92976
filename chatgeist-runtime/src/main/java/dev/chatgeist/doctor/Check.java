package dev.chatgeist.doctor;

import java.util.List;

/** One part of the doctor's examination; it only reads (files, servers), never changes anything. */
interface Check {
    List<Finding> run(Examination exam);
}
