package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.outagepredictor.simulate.SimulatorOptions;

class SimulatedWorldTest {

    @Test
    void aSeedAloneIsTheSimulatorsDefaults() {
        SimulatedWorld world = SimulatedWorld.parse("11");

        assertThat(world.seed()).isEqualTo(11);
        assertThat(world.changed()).isEmpty();
        assertThat(world.name()).isEqualTo("fleet simulator, seed 11");
        assertThat(world.describe()).isEqualTo("the simulator's defaults");
        SimulatorOptions options = SimulatorOptions.from(world.options(30));
        assertThat(options.seed).isEqualTo(11);
        assertThat(options.devices).isEqualTo(30);
    }

    @Test
    void optionsAfterTheSeedChangeTheWorldAndNameTheDataset() {
        SimulatedWorld world =
                SimulatedWorld.parse(
                        "21?simulator.change-rate=6&simulator.bad-change-fraction=0.07");

        SimulatorOptions options = SimulatorOptions.from(world.options(30));
        assertThat(options.seed).isEqualTo(21);
        assertThat(options.changesPerDay).isEqualTo(6.0);
        assertThat(options.badChangeFraction).isEqualTo(0.07);
        assertThat(options.degradedErrorMultiplier)
                .isEqualTo(SimulatorOptions.defaults().degradedErrorMultiplier);
        assertThat(world.name())
                .isEqualTo("fleet simulator, seed 21, change-rate 6, bad-change-fraction 0.07");
        assertThat(world.describe())
                .startsWith(
                        "the simulator's defaults except `simulator.change-rate` 6,"
                                + " `simulator.bad-change-fraction` 0.07");
    }

    @Test
    void aWrongSeedOptionOrValueIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> SimulatedWorld.parse("eleven"))
                .hasMessageContaining("'eleven' is not a seed");
        assertThatThrownBy(() -> SimulatedWorld.parse("21?simulator.chnage-rate=6"))
                .hasMessageContaining("'simulator.chnage-rate=6' is not OPTION=VALUE");
        assertThatThrownBy(() -> SimulatedWorld.parse("21?simulator.seed=5"))
                .hasMessageContaining("other than simulator.devices and simulator.seed");
        assertThatThrownBy(() -> SimulatedWorld.parse("21?simulator.change-rate"))
                .hasMessageContaining("is not OPTION=VALUE");
        assertThatThrownBy(() -> SimulatedWorld.parse("21?simulator.change-rate=-1"))
                .hasMessageContaining("simulator.change-rate");
    }
}
