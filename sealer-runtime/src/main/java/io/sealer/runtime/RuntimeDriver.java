package io.sealer.runtime;

import java.util.List;

/**
 * What a runtime type adds to a run (spec §6.2 step 8, §6.7): the steps that make the cluster's
 * platform (kubeadm init and join for {@code kubernetes}; nothing for {@code none}, where the
 * image's hooks and launch commands form the cluster). Chosen by the image label {@link #LABEL}.
 */
interface RuntimeDriver {
  /** The image label naming the runtime type. */
  String LABEL = "cluster.alpha.sealer.io/cluster-runtime-type";

  /** The type's name, as the label gives it. */
  String name();

  /** Steps that install the runtime on the hosts of a new cluster. */
  List<Step> install(RunContext context);

  /** Steps that add hosts to a running cluster. */
  List<Step> join(RunContext context, List<String> masters, List<String> nodes);

  /** Steps that remove the runtime from hosts leaving the cluster. */
  List<Step> reset(RunContext context, List<String> hosts);
}
