// Early stopping, as the chapter uses it: the batch-normalization model trained with Adam (global
// gradient clipping at 1) for up to 100 epochs, stopped once the validation loss has not improved
// for 10 epochs, and left with the best epoch's weights (restore_best_weights). On the way the
// learning rate is halved after 5 epochs without improvement (reduce_lr_on_plateau), every epoch is
// appended to early_stopping_history.csv (Keras's CSVLogger columns), a non-finite loss ends the
// training, and the learning curves are saved as early_stopping_curves.svg.
//
// Then it checks what restore_best_weights promises: the validation loss of the weights it ends
// with is the best epoch's (evaluated again, in inference mode), and exits with status 1 if not.
// Usage: early_stopping [epochs = 100, 1 to 1000] [train_count = 55000, 1 to 55000]; a bad one exits with
// status 2. The files are written in the working directory.
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>

namespace cn = ctnet;

using model_t = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;

int main(int argc, char** argv) {
    const auto [epochs, train_count] = example_args::parse<2>(
        argc, argv, "early_stopping", {{{"epochs", 100, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains for at most epochs passes over the first train_count of Fashion-MNIST's first 55000 training "
        "samples, stopping early on the validation loss (the last 5000 samples)");

    auto data = cn::datasets::fashion_mnist();
    auto [train_all, valid] = cn::split(data.train, 55'000);
    const auto train = cn::split(train_all, train_count).first;

    model_t model{cn::seed{42}};
    // A constant rate: reduce_lr_on_plateau changes it, and refuses an optimizer whose rate is a
    // schedule (as Keras does); with no plateau callback, `.learning_rate = cn::exponential_decay{...}`.
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::adam{.learning_rate = 1e-3f, .global_clipnorm = 1.0f});

    // Passed by reference, so that its state (stopped_epoch, best_epoch, best) can be read after fit.
    cn::early_stopping stop_early{.patience = 10, .restore_best_weights = true};
    const auto history = trainer.fit(train, {.epochs = epochs, .batch_size = 32, .validation = valid,
                                             .callbacks = {std::ref(stop_early),
                                                           cn::reduce_lr_on_plateau{.factor = 0.5f, .patience = 5},
                                                           cn::csv_logger{"early_stopping_history.csv"},
                                                           cn::terminate_on_nan{}},
                                             .verbose = 2});
    history.save_svg("early_stopping_curves.svg");

    const std::size_t ran = history.epochs();
    std::printf("ran %zu of %zu epochs (%s); best epoch %zu (0-based): val_loss %.6f\n", ran, epochs,
                stop_early.stopped_epoch > 0 ? "stopped early" : "no early stop", stop_early.best_epoch,
                history.val_loss[stop_early.best_epoch]);
    std::printf("learning rate: %g at the first epoch, %g at the last\n", history.learning_rate.front(),
                history.learning_rate.back());

    // The weights fit ended with are the best epoch's: Keras 3 restores them at the end of training,
    // also when it did not stop early, and so does ctnet.
    const auto again = trainer.evaluate(valid);
    const double expected = history.val_loss[stop_early.best_epoch];
    const bool same = std::abs(again.loss - expected) <= 1e-5 * std::abs(expected);
    std::printf("val_loss of the final weights, evaluated again: %.6f (%s)\n", again.loss,
                same ? "the best epoch's" : "NOT the best epoch's");
    const auto test = trainer.evaluate(data.test);
    std::printf("test loss %.4f, test accuracy %.4f\n", test.loss, test.accuracy);
    std::printf("wrote early_stopping_history.csv and early_stopping_curves.svg\n");
    return same && std::isfinite(test.loss) ? EXIT_SUCCESS : EXIT_FAILURE;
}
