using KubeWise.Cli;

return await KubeWiseCli.InvokeAsync(args);
